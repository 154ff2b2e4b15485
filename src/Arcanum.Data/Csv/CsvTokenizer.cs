using CsvHelper;

namespace Arcanum.Data;

/// <summary>Splits CSV text into cells with CsvHelper (quotes, escapes, delimiter detection) and checks the shape.</summary>
internal static class CsvTokenizer
{
    public static RawTable Tokenize(string text, string source, CsvReadOptions options)
    {
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        if (string.IsNullOrWhiteSpace(text))
            throw DataFormatException.At(source, 1, null, "the file is empty; a header row with column names is required");

        var csv = CsvReaderOptions.Default with
        {
            HasHeader = false,
            Separator = options.Delimiter,
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            TrimWhitespace = true,
            MalformedData = CsvMalformedDataHandling.Throw,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
        };
        try
        {
            using var reader = CsvReader.FromText(text, csv);
            if (!reader.Read())
                throw DataFormatException.At(source, 1, null, "the file is empty; a header row with column names is required");
            var headerLine = (int)reader.LineNumber;
            var header = CheckHeader(reader.Current.ToArray(), source, headerLine);
            var rows = new List<string?[]>();
            var lines = new List<int>();
            while (reader.Read())
            {
                var line = (int)reader.LineNumber;
                var fields = reader.Current.ToArray();
                if (fields.All(string.IsNullOrWhiteSpace) && fields.Length < header.Length) continue;
                if (fields.Length != header.Length)
                    throw DataFormatException.OfLine(source, line, $"has {fields.Length} fields; the header has {header.Length}");
                var cells = new string?[fields.Length];
                for (var i = 0; i < fields.Length; i++) cells[i] = Normalise(fields[i], header[i], options);
                rows.Add(cells);
                lines.Add(line);
            }
            return new RawTable(source, header, headerLine, rows, lines);
        }
        catch (CsvFormatException e)
        {
            throw new DataFormatException($"{Path.GetFileName(source)} line {e.LineNumber}: {e.Message}", source, (int)e.LineNumber, null);
        }
    }

    private static string[] CheckHeader(string?[] fields, string source, int line)
    {
        var names = new string[fields.Length];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Length; i++)
        {
            var name = fields[i]?.Trim() ?? "";
            if (name.Length == 0)
                throw DataFormatException.At(source, line, null, $"column {i + 1} of the header has no name; every column needs one");
            if (seen.TryGetValue(name, out var first))
                throw DataFormatException.At(source, line, null, $"columns {first + 1} and {i + 1} of the header have the "
                    + "same name; every column needs its own (the name is not repeated here: a file without a header "
                    + "would have a patient's record in this line)");
            seen[name] = i;
            names[i] = name;
        }
        return names;
    }

    private static string? Normalise(string? field, string column, CsvReadOptions options)
    {
        var cell = field?.Trim() ?? "";
        if (cell.Length == 0 || options.MissingTokens.Contains(cell)) return null;
        if (options.ZeroMeansMissing.Contains(column) && Cells.TryParseNumber(cell, out var v) && v == 0) return null;
        return cell;
    }
}
