using Arcanum.Data.Tables;

namespace Arcanum.Data;

/// <summary>
/// Reads delimited text with a header row into a typed <see cref="DataTable"/>; see
/// <see cref="ColumnInference"/> for how types are chosen. Errors are <see cref="DataFormatException"/>s
/// that name the file, line and column.
/// </summary>
public static class CsvTableReader
{
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static DataTable Read(string path, CsvReadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Cannot read table: file '{Path.GetFullPath(path)}' does not exist.", path);
        return ReadText(File.ReadAllText(path), path, options);
    }

    /// <param name="text">The whole file's text.</param>
    /// <param name="sourceName">The name errors and <see cref="DataTable.Source"/> use, usually a file name.</param>
    /// <param name="options">How to read; null for <see cref="CsvReadOptions.Default"/>.</param>
    public static DataTable ReadText(string text, string sourceName, CsvReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceName);
        options ??= CsvReadOptions.Default;
        options.Validate();

        var raw = CsvTokenizer.Tokenize(text, sourceName, options);
        CheckNamed(options.TypeOverrides.Keys, raw, nameof(CsvReadOptions.TypeOverrides));
        CheckNamed(options.ZeroMeansMissing, raw, nameof(CsvReadOptions.ZeroMeansMissing));

        var columns = new Column[raw.Header.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            var name = raw.Header[c];
            var type = options.TypeOverrides.TryGetValue(name, out var forced)
                ? forced
                : ColumnInference.Infer(name, raw.Rows.Select(r => r[c]).OfType<string>().ToArray());
            columns[c] = ColumnBuilder.Build(raw, c, type);
        }
        return new DataTable(columns, sourceName);
    }

    private static void CheckNamed(IEnumerable<string> names, RawTable raw, string setting)
    {
        foreach (var name in names)
        {
            if (!raw.Header.Contains(name, StringComparer.Ordinal))
                throw new ArgumentException($"{setting} names column '{name}', which {Path.GetFileName(raw.Source)} does not have. Columns: {string.Join(", ", raw.Header)}.");
        }
    }
}
