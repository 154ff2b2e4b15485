using System.Globalization;
using System.Text;
using Arcanum.Cases.DdxPlus;

namespace Arcanum.Cases.Notes;

/// <summary>
/// Reads the cases CSV of <c>cases simulate</c> one case at a time (memory stays flat): the columns case, age, sex,
/// disease and evidences, found by name in the header. The one-hot columns after them are skipped without being
/// kept, so a 200 MB file with a thousand columns reads at the speed of its first five.
/// </summary>
public sealed class CaseCsvReader : IDisposable
{
    /// <summary>The columns a note needs, as <c>cases simulate</c> names them.</summary>
    public static readonly IReadOnlyList<string> Required = ["case", "age", "sex", "disease", "evidences"];

    private readonly StreamReader reader;
    private readonly string name;
    private readonly int[] columns;
    private readonly int last;

    private CaseCsvReader(StreamReader reader, string name, int[] columns)
    {
        this.reader = reader;
        this.name = name;
        this.columns = columns;
        last = columns.Max();
    }

    /// <summary>Opens <paramref name="path"/> and checks its header.</summary>
    /// <exception cref="CasesException">The file is missing or empty, or its header lacks a required column.
    /// </exception>
    public static CaseCsvReader Open(string path)
    {
        if (!File.Exists(path)) throw new CasesException($"Cases file '{path}' does not exist.");
        var reader = new StreamReader(path, Encoding.UTF8);
        try
        {
            var name = Path.GetFileName(path);
            var header = DdxPlusPatients.ReadRecord(reader) ?? throw new CasesException($"{name} is empty.");
            int Find(string column) =>
                header.FindIndex(h => string.Equals(h.Trim(), column, StringComparison.OrdinalIgnoreCase));
            var missing = Required.Where(c => Find(c) < 0).ToList();
            if (missing.Count > 0)
                throw new CasesException($"{name} has no column {string.Join(", ", missing)}; a cases file needs "
                    + $"{string.Join(", ", Required)} (as arcanum cases simulate writes).");
            return new CaseCsvReader(reader, name, [.. Required.Select(Find)]);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>The cases in file order; a row that cannot be read throws naming its row.</summary>
    /// <exception cref="CasesException">A row has too few fields, an age that is not a whole number, or a sex other
    /// than F or M.</exception>
    public IEnumerable<CaseRecord> Cases()
    {
        var fields = new List<string>(last + 1);
        for (var row = 1; ReadFields(fields); row++)
        {
            if (fields.Count == 1 && fields[0].Length == 0) { row--; continue; }
            if (fields.Count <= last)
                throw new CasesException(
                    $"{name} row {row}: {fields.Count} fields, fewer than the {last + 1} the header needs.");
            var ageText = fields[columns[1]].Trim();
            if (!int.TryParse(ageText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var age)
                || age is < 0 or > 150)
                throw new CasesException($"{name} row {row}: age is not a whole number from 0 to 150.");
            var sex = fields[columns[2]].Trim();
            if (sex is not ("F" or "M")) throw new CasesException($"{name} row {row}: sex must be F or M.");
            yield return new CaseRecord(row, fields[columns[0]].Trim(), age, sex, fields[columns[3]].Trim(),
                DdxPlusPatients.ParseList(fields[columns[4]]));
        }
    }

    public void Dispose() => reader.Dispose();

    /// <summary>
    /// One RFC 4180 record into <paramref name="fields"/>, keeping the fields up to the last one needed and scanning
    /// past the rest (quotes still honoured, so a quoted line break does not end the record); false at the end.
    /// </summary>
    private bool ReadFields(List<string> fields)
    {
        fields.Clear();
        var field = new StringBuilder();
        var (quoted, any) = (false, false);
        while (true)
        {
            var c = reader.Read();
            if (c < 0)
            {
                if (!any) return false;
                Keep(fields, field);
                return true;
            }
            any = true;
            if (quoted)
            {
                if (c != '"') Append(fields, field, (char)c);
                else if (reader.Peek() == '"') Append(fields, field, (char)reader.Read());
                else quoted = false;
                continue;
            }
            switch (c)
            {
                case '"': quoted = true; break;
                case ',': Keep(fields, field); break;
                case '\r': break;
                case '\n': Keep(fields, field); return true;
                default: Append(fields, field, (char)c); break;
            }
        }
    }

    private void Append(List<string> fields, StringBuilder field, char c)
    {
        if (fields.Count <= last) field.Append(c);
    }

    private void Keep(List<string> fields, StringBuilder field)
    {
        // Past the last needed column only the count matters (to tell a short row); no strings are made.
        fields.Add(fields.Count <= last ? field.ToString() : "");
        field.Clear();
    }
}
