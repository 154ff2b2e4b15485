using System.Text;
using Arcanum.Data.Tables;
using Arcanum.Risk;
using CsvHelper;

namespace Arcanum.Deid.Tables;

/// <summary>
/// De-identifies a CSV table column by column as a <see cref="TablePolicy"/> says, streaming over rows: one pass
/// settles each date column's format, a second writes the output. Only the quasi-identifier columns are held in
/// memory, to measure re-identification risk before and after. Every check that can fail runs before anything is
/// written, and the output, <c>report.html</c> and <c>deid-summary.json</c> appear together or not at all.
/// </summary>
public sealed class TableDeidentifier
{
    public const string ReportFile = "report.html";
    public const string SummaryFile = "deid-summary.json";

    private readonly TablePolicy _policy;
    private readonly byte[]? _key;
    private readonly IFreeTextDeidentifier? _text;
    private readonly TimeProvider _time;

    /// <param name="policy">What to do with each column.</param>
    /// <param name="key">The project key; needed for pseudonyms and date shifts.</param>
    /// <param name="freeText">De-identifies free-text columns; needed when the policy has any.</param>
    /// <param name="time">Today, for the years that tell an age over 89; the system clock when null.</param>
    /// <exception cref="DeidInputException">The policy needs a key or free-text de-identifier not given.</exception>
    public TableDeidentifier(TablePolicy policy, byte[]? key, IFreeTextDeidentifier? freeText,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var keyed = policy.Columns.Where(c => c.Treatment == Treatment.Pseudonym || c.Date == DateTreatment.Shift);
        if (key is null && policy.NeedsKey)
            throw new DeidInputException($"Policy '{policy.Source}' gives pseudonyms or date shifts to "
                + $"{Quoted(keyed.Select(c => c.Name))}, which need the project key file (--key-file). "
                + ProjectKey.HowToMake);
        if (key is not null && key.Length < ProjectKey.MinimumBytes)
            throw new DeidInputException($"The project key holds {key.Length} byte(s); it needs at least "
                + $"{ProjectKey.MinimumBytes}. {ProjectKey.HowToMake}");
        if (freeText is null && policy.Needs(Treatment.Text))
            throw new DeidInputException($"Policy '{policy.Source}' de-identifies free-text column(s) "
                + $"{Quoted(policy.Columns.Where(c => c.Treatment == Treatment.Text).Select(c => c.Name))}, but no "
                + "free-text de-identifier was given to run them through.");
        _policy = policy;
        _key = key;
        _text = freeText;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// Writes the de-identified table to <paramref name="output"/> and the report and summary beside it.
    /// </summary>
    /// <exception cref="DeidInputException">The input or a cell cannot be de-identified as the policy asks.</exception>
    public TableDeidResult Run(string input, string output)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(input);
        ArgumentException.ThrowIfNullOrWhiteSpace(output);
        var outFull = Path.GetFullPath(output);
        var folder = Path.GetDirectoryName(outFull)!;
        if (!Directory.Exists(folder)) throw new DeidInputException($"Output folder '{folder}' does not exist.");
        var finals = new[] { outFull, Path.Combine(folder, ReportFile), Path.Combine(folder, SummaryFile) };
        if (finals.Contains(Path.GetFullPath(input), StringComparer.Ordinal))
            throw new DeidInputException($"The output, {ReportFile} or {SummaryFile} would overwrite the input; "
                + "choose another --out.");
        if (finals.Skip(1).Contains(outFull, StringComparer.Ordinal))
            throw new DeidInputException($"--out cannot be named {ReportFile} or {SummaryFile}; those are written "
                + "beside it.");
        var temps = finals.Select(f => Path.Combine(folder, $".{Path.GetFileName(f)}.{Guid.NewGuid():N}.tmp"))
            .ToArray();
        try
        {
            TableDeidResult result;
            using (var writer = new StreamWriter(temps[0], false, new UTF8Encoding(false)))
            {
                result = Transform(input, writer, Path.GetFileName(outFull));
            }
            File.WriteAllText(temps[1], DeidTableReport.Html(result));
            File.WriteAllText(temps[2], DeidTableReport.Json(result));
            for (var i = 0; i < finals.Length; i++) File.Move(temps[i], finals[i], overwrite: true);
            return result;
        }
        finally
        {
            foreach (var temp in temps.Where(File.Exists)) File.Delete(temp);
        }
    }

    /// <summary>Writes the de-identified table to <paramref name="writer"/> and measures risk.</summary>
    public TableDeidResult Transform(string input, TextWriter writer, string outputName)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var file = Path.GetFileName(input);
        IReadOnlyList<string> header;
        using (var csv = TableCsv.Open(input)) header = csv.Header;
        _policy.CheckAgainst(header, input);
        var byName = _policy.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var formats = DateColumnFormats.Detect(input, header, _policy);
        var year = _time.GetUtcNow().Year;
        var cells = header
            .Select(h => new CellTreatment(byName[h], formats.GetValueOrDefault(h), _key, _text, file, year))
            .ToArray();
        var patient = _policy.PatientColumn is { } p ? IndexOf(header, p) : -1;
        var qis = header.Select((h, i) => (h, i)).Where(x => byName[x.h].QuasiIdentifier).ToArray();
        var before = qis.Select(_ => new List<string?>()).ToArray();
        var after = qis.Select(_ => new List<string?>()).ToArray();

        using var output = CsvWriter.Create(writer, CsvWriterOptions.Default with { NewLine = "\n" }, leaveOpen: true);
        output.WriteRecord(cells.Where(c => c.Written).Select(c => c.Policy.Name).ToArray());
        var records = 0;
        var row = new List<string>(header.Count);
        using (var csv = TableCsv.Open(input))
        {
            foreach (var (values, line) in csv.Rows())
            {
                records++;
                var who = patient >= 0 && !TableCsv.IsMissing(values[patient]) ? values[patient]!.Trim() : null;
                row.Clear();
                var treated = new string?[values.Length];
                for (var c = 0; c < values.Length; c++)
                {
                    treated[c] = cells[c].Apply(values[c], who, line);
                    if (cells[c].Written) row.Add(treated[c] ?? "");
                }
                output.WriteRecord(row.ToArray());
                for (var q = 0; q < qis.Length; q++)
                {
                    before[q].Add(Present(values[qis[q].i]));
                    after[q].Add(Present(treated[qis[q].i]));
                }
            }
        }
        output.Flush();
        var outcomes = cells.Select(c => c.Outcome()).ToArray();
        var kept = qis.Select((x, q) => (x.h, q)).Where(x => cells[qis[x.q].i].Written).ToArray();
        var (riskBefore, riskAfter, note) = Risk(records, file, outputName,
            qis.Select((x, q) => new IdentifierColumn(x.h, [.. before[q]])).ToArray(),
            kept.Select(x => new IdentifierColumn(x.h, [.. after[x.q]])).ToArray());
        return new TableDeidResult(file, outputName, Path.GetFileName(_policy.Source), records, outcomes,
            riskBefore, riskAfter, note);
    }

    private (RiskReport?, RiskReport?, string) Risk(
        int records, string input, string output, IdentifierColumn[] before, IdentifierColumn[] after)
    {
        var policy = Path.GetFileName(_policy.Source);
        if (before.Length == 0)
            return (null, null, $"No column of policy '{policy}' is marked as a quasi-identifier (qi: true, or a "
                + "quasi_identifiers: list), so the tool cannot know which columns an attacker could learn elsewhere.");
        if (records == 0) return (null, null, $"{input} has no records.");
        var riskBefore = Measure(before, input);
        if (after.Length == 0)
            return (riskBefore, null, "Every quasi-identifier was dropped, so no column is left for an attacker to "
                + "match on; any column kept should be checked for what an attacker could know.");
        return (riskBefore, Measure(after, output), "Risk counts only the columns marked as quasi-identifiers, with "
            + "the table itself as the population an attacker matches against (an upper bound). A kept column an "
            + "attacker could know but the policy does not mark is not in these figures.");
    }

    private static RiskReport Measure(IdentifierColumn[] columns, string source) =>
        RiskAssessment.Measure(new DataTable(columns, source),
            new RiskOptions { QuasiIdentifiers = columns.Select(c => c.Name).ToArray() });

    private static string? Present(string? cell) => TableCsv.IsMissing(cell) ? null : cell!.Trim();

    private static int IndexOf(IReadOnlyList<string> header, string name)
    {
        for (var i = 0; i < header.Count; i++)
            if (string.Equals(header[i], name, StringComparison.Ordinal)) return i;
        return -1;
    }

    private static string Quoted(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));
}
