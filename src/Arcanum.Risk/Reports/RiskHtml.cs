using System.Globalization;
using System.Net;
using System.Text;

namespace Arcanum.Risk.Reports;

/// <summary>
/// <c>report.html</c> for a privacy officer: the verdict in plain words first, then the class-size distribution, the
/// records at risk, each attacker's risk, population uniqueness and the sensitive columns. One self-contained file
/// (inline CSS and SVG, no scripts, nothing fetched), so it opens offline and can be attached to a release decision.
/// </summary>
public static class RiskHtml
{
    private static readonly (string Label, int Min, int Max)[] SizeBins =
        [("1 (unique)", 1, 1), ("2", 2, 2), ("3-4", 3, 4), ("5-9", 5, 9), ("10-19", 10, 19), ("20-99", 20, 99), ("100 or more", 100, int.MaxValue)];

    private const string Style =
        "body{font-family:system-ui,sans-serif;max-width:900px;margin:2em auto;color:#222;line-height:1.45}" +
        "table{border-collapse:collapse;margin:.5em 0 1.2em}td,th{border:1px solid #ccc;padding:4px 10px;text-align:left}" +
        "th{background:#f4f4f4}.verdict{padding:12px 16px;border-radius:6px;font-size:1.1em}.bad{background:#fde2e1}" +
        ".good{background:#e1f5e3}.note{color:#555;font-size:.92em}svg text{font-size:13px;font-family:system-ui,sans-serif}";

    public static string Render(RiskReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Re-identification risk: ")
            .Append(E(report.Source)).Append("</title><style>").Append(Style).Append("</style></head><body>");
        h.Append("<h1>Re-identification risk of ").Append(E(report.Source)).Append("</h1>");
        h.Append(F($"<p>{report.Records:N0} records, grouped by the quasi-identifiers <b>{E(string.Join(", ", report.QuasiIdentifiers))}</b> into {report.Classes:N0} equivalence classes. "))
            .Append(F($"The smallest class has <b>{report.K}</b> record(s) (k = {report.K}); {report.SampleUniques:N0} records ({Share(report.SampleUniques, report.Records)}) are unique.</p>"));

        var met = report.Verdict.Tiers.Any(t => t.Met);
        h.Append("<h2>Verdict</h2><p class=\"verdict ").Append(met ? "good" : "bad").Append("\">").Append(E(report.Verdict.Summary)).Append("</p>");
        h.Append("<table><tr><th>release</th><th>highest risk at most</th><th>average risk at most</th><th>met?</th><th>why</th></tr>");
        foreach (var t in report.Verdict.Tiers)
            h.Append(F($"<tr><td>{E(t.Name)}</td><td>{t.MaxHighestRisk:0.###}</td><td>{t.MaxAverageRisk}</td><td>{(t.Met ? "yes" : "no")}</td><td>{E(t.Reason)}</td></tr>"));
        h.Append("</table><p class=\"note\">Thresholds after K. El Emam, <i>Guide to the De-Identification of Personal Health Information</i> (2013), on prosecutor risk, the worst case. Which release applies is the data custodian's decision.</p>");

        h.Append("<h2>Class sizes</h2><p>Records by the size of their class: a record in a class of size f is re-identified with probability 1/f by an attacker who knows it is in the release.</p>");
        h.Append(SvgBars.Render(SizeBins.Select(b =>
        {
            var records = report.ClassSizes.Where(c => c.Size >= b.Min && c.Size <= b.Max).Sum(c => (long)c.Size * c.Classes);
            var classes = report.ClassSizes.Where(c => c.Size >= b.Min && c.Size <= b.Max).Sum(c => c.Classes);
            return (b.Label, records / (double)report.Records, F($"{records:N0} records, {classes:N0} classes"));
        }).ToArray(), "#5b8def"));

        h.Append("<h2>Records at risk</h2>");
        var atRisk = report.Prosecutor.AtRisk.Select(r => (F($"risk above {r.Threshold}"), r.Share, F($"{r.Records:N0} ({r.Share:0.0%})")))
            .Concat(report.BelowK.Select(b => (F($"in classes smaller than {b.K}"), b.Share, F($"{b.Records:N0} ({b.Share:0.0%})")))).ToArray();
        h.Append(SvgBars.Render(atRisk, "#e0674f"));

        h.Append("<h2>Attackers</h2><table><tr><th>attacker</th><th>highest risk</th><th>average risk</th><th>basis</th></tr>");
        h.Append(F($"<tr><td>prosecutor (knows the person is in the release)</td><td>{report.Prosecutor.Highest:0.###}</td><td>{report.Prosecutor.Average:0.####}</td><td>1 / class size in the release</td></tr>"));
        h.Append(F($"<tr><td>journalist (matches against a population)</td><td>{report.Journalist.Highest:0.###}</td><td>{report.Journalist.Average:0.####}</td><td>{E(report.JournalistBasis)}</td></tr>"));
        h.Append(F($"<tr><td>marketer (re-identifies as many as possible)</td><td>-</td><td>{report.Marketer:0.####}</td><td>{E(report.MarketerBasis)}</td></tr></table>"));

        if (report.PopulationUniqueness is { } pu)
        {
            h.Append(F($"<h2>Population uniqueness</h2><p>Share of a population of {pu.PopulationSize:N0} people estimated to be unique on the quasi-identifiers (sampling fraction {pu.SamplingFraction:0.######}).</p>"));
            h.Append("<table><tr><th>model</th><th>population uniques</th></tr>");
            h.Append(F($"<tr><td>Zayatz</td><td>{pu.Zayatz:0.###%}</td></tr><tr><td>Pitman</td><td>{(pu.Pitman is { } p ? p.ToString("0.###%", CultureInfo.InvariantCulture) : "did not converge")}</td></tr>"));
            h.Append(F($"<tr><td>Dankar's rule{(pu.DankarModel is { } m ? $" ({E(m)})" : "")}</td><td>{(pu.Dankar is { } d ? d.ToString("0.###%", CultureInfo.InvariantCulture) : "not computed")}</td></tr></table>"));
            if (pu.Note is { } note) h.Append("<p class=\"note\">").Append(E(note)).Append("</p>");
        }

        if (report.Sensitive.Count > 0)
        {
            h.Append("<h2>Sensitive columns</h2><table><tr><th>column</th><th>distinct l</th><th>entropy l</th><th>t-closeness</th><th>classes with one value</th><th>records in them</th></tr>");
            foreach (var s in report.Sensitive)
                h.Append(F($"<tr><td>{E(s.Column)}</td><td>{s.DistinctL}</td><td>{s.EntropyL:0.###}</td><td>{s.TCloseness:0.###} ({E(s.Distance)} distance)</td><td>{s.HomogeneousClasses:N0}</td><td>{s.RecordsInHomogeneousClasses:N0}</td></tr>"));
            h.Append("</table><p class=\"note\">A class whose records share one sensitive value discloses it to anyone who finds the class (distinct l = 1). t-closeness: 0 means every class looks like the whole table.</p>");
        }
        return h.Append("</body></html>").ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Share(long part, long whole) => (part / (double)whole).ToString("0.0%", CultureInfo.InvariantCulture);

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
