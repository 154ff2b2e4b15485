using System.Globalization;
using System.Net;
using System.Text;

namespace Arcanum.Risk.Reports;

/// <summary>
/// <c>report.html</c> for a privacy officer: the verdict in plain words first, then the class-size distribution, the
/// records at risk, each attacker's risk, population uniqueness and the sensitive columns. One self-contained file
/// (inline CSS and SVG, no scripts, nothing fetched), so it opens offline and can be attached to a release decision.
/// </summary>
public static partial class RiskHtml
{
    private static readonly (string Label, int Min, int Max)[] SizeBins =
    [
        ("1 (unique)", 1, 1), ("2", 2, 2), ("3-4", 3, 4), ("5-9", 5, 9), ("10-19", 10, 19), ("20-99", 20, 99),
        ("100 or more", 100, int.MaxValue),
    ];

    private const string Style =
        "body{font-family:system-ui,sans-serif;max-width:900px;margin:2em auto;color:#222;line-height:1.45}" +
        "table{border-collapse:collapse;margin:.5em 0 1.2em}" +
        "td,th{border:1px solid #ccc;padding:4px 10px;text-align:left}th{background:#f4f4f4}" +
        ".verdict{padding:12px 16px;border-radius:6px;font-size:1.1em}.bad{background:#fde2e1}" +
        ".good{background:#e1f5e3}.note{color:#555;font-size:.92em}" +
        "svg text{font-size:13px;font-family:system-ui,sans-serif}";

    public static string Render(RiskReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var h = Open($"Re-identification risk: {report.Source}");
        h.Append("<h1>Re-identification risk of ").Append(E(report.Source)).Append("</h1>");
        var qis = E(string.Join(", ", report.QuasiIdentifiers));
        h.Append(F($"<p>{report.Records:N0} records, grouped by the quasi-identifiers <b>{qis}</b> "))
            .Append(F($"into {report.Classes:N0} equivalence classes. The smallest class has <b>{report.K}</b> "))
            .Append(F($"record(s) (k = {report.K}); {report.SampleUniques:N0} records "))
            .Append(F($"({report.SampleUniques / (double)report.Records:0.0%}) are unique.</p>"));
        Verdict(h, report.Verdict);
        Distributions(h, report);
        Attackers(h, report);
        if (report.PopulationUniqueness is { } pu) Population(h, pu);
        if (report.Sensitive.Count > 0) Sensitive(h, report.Sensitive);
        return h.Append("</body></html>").ToString();
    }

    private static void Verdict(StringBuilder h, RiskVerdict verdict)
    {
        var met = verdict.Tiers.Any(t => t.Met);
        h.Append("<h2>Verdict</h2><p class=\"verdict ").Append(met ? "good" : "bad").Append("\">")
            .Append(E(verdict.Summary)).Append("</p>");
        Header(h, "release", "highest risk at most", "average risk at most", "met?", "why");
        foreach (var t in verdict.Tiers)
        {
            var limits = (F($"{t.MaxHighestRisk:0.###}"), F($"{t.MaxAverageRisk}"));
            Row(h, E(t.Name), limits.Item1, limits.Item2, t.Met ? "yes" : "no", E(t.Reason));
        }
        h.Append("</table><p class=\"note\">Thresholds after K. El Emam, <i>Guide to the De-Identification of ")
            .Append("Personal Health Information</i> (2013), on prosecutor risk, the worst case. ")
            .Append("Which release applies is the data custodian's decision.</p>");
    }

    private static void Distributions(StringBuilder h, RiskReport report)
    {
        h.Append("<h2>Class sizes</h2><p>Records by the size of their class: a record in a class of size f is ")
            .Append("re-identified with probability 1/f by an attacker who knows it is in the release.</p>");
        h.Append(ClassSizeChart(report));
        h.Append("<h2>Records at risk</h2>");
        h.Append(AtRiskChart(report));
    }

    private static string ClassSizeChart(RiskReport report) => SvgBars.Render(SizeBins.Select(b =>
    {
        var inBin = report.ClassSizes.Where(c => c.Size >= b.Min && c.Size <= b.Max).ToArray();
        var records = inBin.Sum(c => (long)c.Size * c.Classes);
        var text = F($"{records:N0} records, {inBin.Sum(c => c.Classes):N0} classes");
        return (b.Label, records / (double)report.Records, text);
    }).ToArray(), "#5b8def");

    private static string AtRiskChart(RiskReport report)
    {
        var atRisk = report.Prosecutor.AtRisk
            .Select(r => (F($"risk above {r.Threshold}"), r.Share, F($"{r.Records:N0} ({r.Share:0.0%})")))
            .Concat(report.BelowK.Select(b =>
                (F($"in classes smaller than {b.K}"), b.Share, F($"{b.Records:N0} ({b.Share:0.0%})"))))
            .ToArray();
        return SvgBars.Render(atRisk, "#e0674f");
    }

    /// <summary>The page's head and opening body tag: one inline style sheet, nothing fetched.</summary>
    private static StringBuilder Open(string title) =>
        new StringBuilder().Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(E(title)).Append("</title><style>").Append(Style).Append("</style></head><body>");

    private static void Attackers(StringBuilder h, RiskReport report)
    {
        h.Append("<h2>Attackers</h2>");
        Header(h, "attacker", "highest risk", "average risk", "basis");
        Row(h, "prosecutor (knows the person is in the release)", F($"{report.Prosecutor.Highest:0.###}"),
            F($"{report.Prosecutor.Average:0.####}"), "1 / class size in the release");
        Row(h, "journalist (matches against a population)", F($"{report.Journalist.Highest:0.###}"),
            F($"{report.Journalist.Average:0.####}"), E(report.JournalistBasis));
        Row(h, "marketer (re-identifies as many as possible)", "-", F($"{report.Marketer:0.####}"),
            E(report.MarketerBasis));
        h.Append("</table>");
    }

    private static void Population(StringBuilder h, PopulationUniqueness pu)
    {
        h.Append(F($"<h2>Population uniqueness</h2><p>Share of a population of {pu.PopulationSize:N0} people "))
            .Append("estimated to be unique on the quasi-identifiers ")
            .Append(F($"(sampling fraction {pu.SamplingFraction:0.######}).</p>"));
        Header(h, "model", "population uniques");
        Row(h, "Zayatz", F($"{pu.Zayatz:0.###%}"));
        Row(h, "Pitman", pu.Pitman is { } p ? F($"{p:0.###%}") : "did not converge");
        Row(h, "SNB", pu.Snb is { } snb ? F($"{snb:0.###%}") : "no solution");
        var rule = pu.DankarModel is { } m ? $"Dankar's rule ({E(m)})" : "Dankar's rule";
        Row(h, rule, pu.Dankar is { } d ? F($"{d:0.###%}") : "not computed");
        h.Append("</table>");
        if (pu.Note is { } note) h.Append("<p class=\"note\">").Append(E(note)).Append("</p>");
    }

    private static void Sensitive(StringBuilder h, IReadOnlyList<SensitiveDiversity> sensitive)
    {
        h.Append("<h2>Sensitive columns</h2>");
        Header(h, "column", "distinct l", "entropy l", "t-closeness", "classes with one value", "records in them");
        foreach (var s in sensitive)
        {
            var t = F($"{s.TCloseness:0.###} ") + $"({E(s.Distance)} distance)";
            Row(h, E(s.Column), F($"{s.DistinctL}"), F($"{s.EntropyL:0.###}"), t,
                F($"{s.HomogeneousClasses:N0}"), F($"{s.RecordsInHomogeneousClasses:N0}"));
        }
        h.Append("</table><p class=\"note\">A class whose records share one sensitive value discloses it to anyone ")
            .Append("who finds the class (distinct l = 1). ")
            .Append("t-closeness: 0 means every class looks like the whole table.</p>");
    }

    private static void Header(StringBuilder h, params string[] names) =>
        h.Append("<table><tr>").AppendJoin("", names.Select(n => $"<th>{n}</th>")).Append("</tr>");

    /// <param name="h">The page so far.</param>
    /// <param name="cells">Cells already HTML-encoded.</param>
    private static void Row(StringBuilder h, params string[] cells) =>
        h.Append("<tr>").AppendJoin("", cells.Select(c => $"<td>{c}</td>")).Append("</tr>");

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
