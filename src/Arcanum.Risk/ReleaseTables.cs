using Arcanum.Data;
using Arcanum.Data.Tables;

namespace Arcanum.Risk;

/// <summary>
/// Reads a release (or a population table) so that quasi-identifiers keep their exact text: "021" stays "021"
/// rather than the number 21, so a release and a population table written by different tools still match. Other
/// columns keep their inferred types (a numeric sensitive column gets the ordered t-closeness distance).
/// </summary>
public static class ReleaseTables
{
    private const int HeaderLines = 50;

    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file is not a table; the message names the line.</exception>
    public static DataTable Read(string path, IReadOnlyList<string> quasiIdentifiers, char? delimiter = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(quasiIdentifiers);
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"Cannot read table: file '{Path.GetFullPath(path)}' does not exist.", path);
        var options = new CsvReadOptions { Delimiter = delimiter };
        var header = Header(path, options);
        // Only columns the file has are forced to text: a misspelt one is reported later with the nearest name.
        // Identifier columns keep each cell as written (categorical ones give numbers one spelling).
        var text = quasiIdentifiers.Where(header.Contains)
            .ToDictionary(q => q, _ => ColumnType.Identifier, StringComparer.Ordinal);
        return CsvTableReader.Read(path, options with { TypeOverrides = text });
    }

    private static HashSet<string> Header(string path, CsvReadOptions options)
    {
        var head = string.Join('\n', File.ReadLines(path).Take(HeaderLines));
        try
        {
            var table = CsvTableReader.ReadText(head, path, options);
            return table.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        }
        catch (DataFormatException)
        {
            // A cell that breaks the type inferred for its column (an anonymised release's suppressed '*' among
            // ZIP codes) is no reason to fail: only the names are wanted here, and the header line holds them.
        }
        try
        {
            var names = CsvTableReader.ReadText(File.ReadLines(path).FirstOrDefault() ?? "", path, options);
            return names.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        }
        catch (DataFormatException)
        {
            // A quoted field cut at the last line read: the whole file decides (and reports any real problem).
            return CsvTableReader.Read(path, options).Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        }
    }
}
