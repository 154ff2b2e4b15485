using System.Text;

namespace Arcanum.Risk.Reports;

/// <summary>The page for a transformation judged before and after (de-identification of a table).</summary>
public static partial class RiskHtml
{
    public static string Render(BeforeAfterReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var h = Open(report.Title);
        h.Append("<h1>").Append(E(report.Title)).Append("</h1>");
        foreach (var paragraph in report.Summary) h.Append("<p>").Append(E(paragraph)).Append("</p>");
        if (report.After is { } after)
        {
            Verdict(h, after.Verdict);
        }
        else
        {
            h.Append("<h2>Verdict</h2><p class=\"verdict bad\">Re-identification risk was not measured. ")
                .Append(E(report.RiskNote ?? "")).Append("</p>");
        }
        foreach (var table in report.Tables) Plain(h, table);
        if (report.Before is not null || report.After is not null) Compare(h, report.Before, report.After);
        if (report.After is not null && report.RiskNote is { } note)
            h.Append("<p class=\"note\">").Append(E(note)).Append("</p>");
        return h.Append("</body></html>").ToString();
    }

    private static void Plain(StringBuilder h, ReportTable table)
    {
        h.Append("<h2>").Append(E(table.Heading)).Append("</h2>");
        Header(h, table.Header.Select(E).ToArray());
        foreach (var row in table.Rows) Row(h, row.Select(E).ToArray());
        h.Append("</table>");
        if (table.Note is { } note) h.Append("<p class=\"note\">").Append(E(note)).Append("</p>");
    }

    private static void Compare(StringBuilder h, RiskReport? before, RiskReport? after)
    {
        h.Append("<h2>Re-identification risk before and after</h2><p>Measured on the quasi-identifiers, for an ")
            .Append("attacker who knows a person is in the table (prosecutor risk, the worst case).</p>");
        Header(h, "measure", "before (input)", "after (output)");
        string Of(RiskReport? r, Func<RiskReport, string> value) => r is null ? "not measured" : E(value(r));
        void Line(string measure, Func<RiskReport, string> value) =>
            Row(h, measure, Of(before, value), Of(after, value));
        Line("quasi-identifiers", r => string.Join(", ", r.QuasiIdentifiers));
        Line("records / equivalence classes", r => F($"{r.Records:N0} / {r.Classes:N0}"));
        Line("k (smallest class)", r => F($"{r.K}"));
        Line("records unique on the quasi-identifiers", r => F($"{r.SampleUniques:N0} ({Share(r.SampleUniques, r)})"));
        Line("highest risk", r => F($"{r.Prosecutor.Highest:0.###}"));
        Line("average risk", r => F($"{r.Prosecutor.Average:0.####}"));
        foreach (var threshold in (after ?? before)!.Prosecutor.AtRisk.Select(a => a.Threshold))
        {
            Line(F($"records at risk above {threshold}"), r => r.Prosecutor.AtRisk
                .Where(a => a.Threshold == threshold).Select(a => F($"{a.Records:N0} ({a.Share:0.0%})"))
                .FirstOrDefault() ?? "-");
        }
        Line("marketer risk (share re-identified)", r => F($"{r.Marketer:0.####}"));
        Line("release tier met", r => r.Verdict.Tiers.FirstOrDefault(t => t.Met)?.Name ?? "none");
        h.Append("</table>");
        foreach (var (label, report) in new[] { ("before", before), ("after", after) })
        {
            if (report is null) continue;
            h.Append("<h3>Class sizes ").Append(label).Append("</h3>").Append(ClassSizeChart(report));
        }
        if (after is not null) h.Append("<h3>Records at risk after</h3>").Append(AtRiskChart(after));
    }

    private static string Share(int records, RiskReport r) => F($"{records / (double)r.Records:0.0%}");
}
