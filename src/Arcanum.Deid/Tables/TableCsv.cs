using Arcanum.Data;
using CsvHelper;

namespace Arcanum.Deid.Tables;

/// <summary>
/// Streams the rows of a CSV file with CsvHelper, read as <c>arcanum</c> reads tables elsewhere (delimiter detected
/// among , ; tab and |, cells trimmed, blank lines skipped), so memory does not grow with the file. Errors name the
/// file and line, never a cell.
/// </summary>
internal sealed class TableCsv : IDisposable
{
    private readonly CsvReader _reader;
    private readonly string _file;

    private TableCsv(string path)
    {
        _file = Path.GetFileName(path);
        _reader = CsvReader.FromFile(path, CsvReaderOptions.Default with
        {
            HasHeader = false,
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            TrimWhitespace = true,
            MalformedData = CsvMalformedDataHandling.Throw,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
        });
        Header = ReadHeader();
    }

    public IReadOnlyList<string> Header { get; }

    /// <exception cref="DeidInputException">The file is missing, empty or its header is unusable.</exception>
    public static TableCsv Open(string path)
    {
        if (!File.Exists(path)) throw new DeidInputException($"Input table '{path}' does not exist.");
        return new TableCsv(path);
    }

    /// <summary>Whether a cell is missing: empty, or a token such as NA that <c>arcanum</c> reads as missing.</summary>
    public static bool IsMissing(string? cell) =>
        string.IsNullOrWhiteSpace(cell) || CsvReadOptions.DefaultMissingTokens.Contains(cell.Trim());

    /// <summary>Each record's cells and its 1-based line; a record with the wrong number of cells throws.</summary>
    public IEnumerable<(string?[] Cells, int Line)> Rows()
    {
        while (Next())
        {
            var line = (int)_reader.LineNumber;
            var cells = _reader.Current.ToArray();
            if (cells.Length < Header.Count && cells.All(string.IsNullOrWhiteSpace)) continue;
            if (cells.Length != Header.Count)
                throw new DeidInputException(
                    $"{_file} line {line} has {cells.Length} fields; the header has {Header.Count}.");
            yield return (cells, line);
        }
    }

    public void Dispose() => _reader.Dispose();

    private bool Next()
    {
        try
        {
            return _reader.Read();
        }
        catch (CsvFormatException e)
        {
            throw new DeidInputException($"{_file} line {e.LineNumber} is not well-formed CSV (an unclosed quote?).");
        }
    }

    private string[] ReadHeader()
    {
        if (!Next()) throw new DeidInputException($"{_file} is empty; a header row with column names is required.");
        var fields = _reader.Current.ToArray();
        var names = new string[fields.Length];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Length; i++)
        {
            names[i] = (fields[i] ?? "").Trim().TrimStart('\uFEFF');
            if (names[i].Length == 0)
                throw new DeidInputException(
                    $"{_file}: column {i + 1} of the header has no name; every column needs one.");
            // By position only: in a file without a header this line is a patient's record.
            if (!seen.TryAdd(names[i], i))
                throw new DeidInputException($"{_file}: columns {seen[names[i]] + 1} and {i + 1} of the header have "
                    + "the same name; every column needs its own (is the header line missing?).");
        }
        return names;
    }
}
