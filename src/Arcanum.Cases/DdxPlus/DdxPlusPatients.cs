using System.Globalization;
using System.Text;

namespace Arcanum.Cases.DdxPlus;

/// <summary>
/// Reads a DDXPlus patients CSV: the official columns (AGE, SEX, PATHOLOGY, EVIDENCES) or the re-formatted ones
/// (age, sex, diagnosis, features); the evidences are a Python list of strings.
/// </summary>
public static class DdxPlusPatients
{
    /// <exception cref="CasesException">The file is missing, lacks a column, or has a row that cannot be read.</exception>
    public static List<DdxPlusPatient> Read(string path)
    {
        if (!File.Exists(path)) throw new CasesException($"Patients file '{path}' does not exist.");
        using var reader = new StreamReader(path);
        var header = ReadRecord(reader) ?? throw new CasesException($"{path} is empty.");
        int Column(params string[] names) =>
            header.FindIndex(h => names.Contains(h.Trim(), StringComparer.OrdinalIgnoreCase)) is var i and >= 0 ? i
                : throw new CasesException($"{Path.GetFileName(path)} has no column {string.Join(" or ", names)}; columns: {string.Join(", ", header)}.");
        var age = Column("AGE");
        var sex = Column("SEX");
        var pathology = Column("PATHOLOGY", "diagnosis");
        var evidences = Column("EVIDENCES", "features");
        var patients = new List<DdxPlusPatient>();
        for (var row = 1; ReadRecord(reader) is { } record; row++)
        {
            if (record.Count == 1 && record[0].Length == 0) continue;
            if (record.Count <= Math.Max(Math.Max(age, sex), Math.Max(pathology, evidences)))
                throw new CasesException($"{Path.GetFileName(path)} row {row}: {record.Count} fields, fewer than the header's {header.Count}.");
            if (!int.TryParse(record[age], NumberStyles.Integer, CultureInfo.InvariantCulture, out var years))
                throw new CasesException($"{Path.GetFileName(path)} row {row}: age '{record[age]}' is not a whole number.");
            patients.Add(new DdxPlusPatient(row, years, record[sex].Trim(), record[pathology].Trim(), ParseList(record[evidences])));
        }
        return patients;
    }

    /// <summary><c>['E_0', 'E_56_@_3']</c> to its strings.</summary>
    internal static List<string> ParseList(string text) =>
        [.. text.Trim().TrimStart('[').TrimEnd(']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.Trim('\'', '"')).Where(s => s.Length > 0)];

    /// <summary>One RFC 4180 record (quoted fields may hold commas, doubled quotes and line breaks); null at the end.</summary>
    internal static List<string>? ReadRecord(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var any = false;
        while (true)
        {
            var c = reader.Read();
            if (c < 0)
            {
                if (!any) return null;
                fields.Add(field.ToString());
                return fields;
            }
            any = true;
            if (quoted)
            {
                if (c != '"') field.Append((char)c);
                else if (reader.Peek() == '"') field.Append((char)reader.Read());
                else quoted = false;
                continue;
            }
            switch (c)
            {
                case '"': quoted = true; break;
                case ',': fields.Add(field.ToString()); field.Clear(); break;
                case '\r': break;
                case '\n': fields.Add(field.ToString()); return fields;
                default: field.Append((char)c); break;
            }
        }
    }
}
