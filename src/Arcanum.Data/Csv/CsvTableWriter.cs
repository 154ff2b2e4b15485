using System.Text;
using Arcanum.Data.Tables;

namespace Arcanum.Data;

/// <summary>
/// Writes a <see cref="DataTable"/> as comma-separated text with a header row, cells as
/// <see cref="Column.RawValue"/> gives them (missing is an empty cell), quoted where needed (RFC 4180).
/// Reading the file back with <see cref="CsvTableReader"/> gives the same values.
/// </summary>
public static class CsvTableWriter
{
    /// <summary>Writes to a temporary file beside <paramref name="path"/> and renames it, so a failure leaves nothing half-written.</summary>
    public static void Write(string path, DataTable table)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(table);
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var writer = new StreamWriter(temporary, false, new UTF8Encoding(false)))
            {
                Write(writer, table);
            }
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    public static void Write(TextWriter writer, DataTable table)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(table);
        writer.Write(string.Join(',', table.Columns.Select(c => Quote(c.Name))));
        writer.Write('\n');
        for (var row = 0; row < table.RowCount; row++)
        {
            for (var c = 0; c < table.Columns.Count; c++)
            {
                if (c > 0) writer.Write(',');
                var value = table.Columns[c].RawValue(row);
                if (value is not null) writer.Write(Quote(value));
            }
            writer.Write('\n');
        }
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 && value.Trim().Length == value.Length && value.Length > 0
            ? value
            : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
