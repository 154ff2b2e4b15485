using System.Globalization;
using System.Net;
using System.Text;
using Arcanum.Core.Metrics;
using Arcanum.Federated.Simulation;

namespace Arcanum.Federated.Reports;

/// <summary>
/// report.html: one self-contained page (inline CSS and SVG, no scripts) with the headline
/// comparison, the metric per round, federated vs local vs central per site, and the tables a
/// clinician-researcher reads.
/// </summary>
public static class HtmlReport
{
    public static string Build(SimulationResult r)
    {
        var metric = r.Metric;
        var label = MetricLabel(metric);
        var sites = r.Study.Sites.Select(s => s.Name).ToList();
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(E($"Arcanum study: {r.Job.DisplayName}")).Append("</title><style>")
            .Append("body{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}")
            .Append("table{border-collapse:collapse;margin:1em 0;font-size:14px}th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}")
            .Append("th:first-child,td:first-child{text-align:left}thead th{background:#f0f0f0}.note{color:#555;font-size:13px}")
            .Append(".big{font-size:20px}.good{color:#1a7f37}.bad{color:#b42318}figure{margin:1.5em 0}")
            .Append("</style></head><body>");

        html.Append("<h1>").Append(E(r.Job.DisplayName)).Append("</h1>");
        html.Append("<p>").Append(E($"{r.Study.DataName}: {sites.Count} sites, {r.Study.Sites.Sum(s => s.Train.Count)} training and {r.Study.Sites.Sum(s => s.Holdout.Count)} held-out rows. "))
            .Append(E($"{r.Job.Algorithm} with a {r.Job.Model} model ({r.Weights.ParameterCount:N0} parameters), {r.Job.Rounds} rounds × {r.Job.LocalEpochs} local epoch(s), batch {r.Job.BatchSize}, lr {r.Job.LearningRate.ToString(CultureInfo.InvariantCulture)}, seed {r.Job.Seed}. "))
            .Append(E($"Target: {string.Join(" vs ", r.Study.ClassNames)}. Ran in {r.Elapsed.TotalSeconds:F1} s.")).Append("</p>");

        var fed = r.Federated.Pooled.Get(metric);
        var cen = r.Central.Pooled.Get(metric);
        var loc = r.LocalOnOthersMean;
        var verdict = double.IsFinite(fed) && double.IsFinite(loc) && fed >= loc;
        html.Append("<p class=\"big\">").Append(E($"Federated {label} {F(fed)} on all held-out rows; central (pooled data) {F(cen)}; a model trained at one site scores {F(loc)} on average on the other sites' rows."))
            .Append(" <span class=\"").Append(verdict ? "good\">The federated model generalises better than any one site's model on average." : "bad\">The federated model does not beat the single-site models on other sites' data here.")
            .Append("</span></p>");

        var perRound = new List<(string, IReadOnlyList<double>)> { ("all sites (pooled)", Series(r, FederatedSimulator.PooledSiteName, metric)) };
        perRound.AddRange(sites.Select(s => (s, (IReadOnlyList<double>)Series(r, s, metric))));
        html.Append("<figure>").Append(SvgChart.Lines($"{label} of the global model per round (held-out rows)", label, perRound, new HashSet<string> { "all sites (pooled)" })).Append("</figure>");

        var categories = sites.Append("all").ToList();
        var federatedBars = sites.Select(s => r.Federated.PerSite[s].Get(metric)).Append(fed).ToList();
        var centralBars = sites.Select(s => r.Central.PerSite[s].Get(metric)).Append(cen).ToList();
        var ownBars = r.Local.Select(l => l.Own.Get(metric)).Append(r.Local.Select(l => l.Own.Get(metric)).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average()).ToList();
        var othersOnSite = sites.Select(s => r.Local.Where(l => l.Site != s).Select(l => l.PerSite[s].Get(metric)).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average()).Append(loc).ToList();
        html.Append("<figure>").Append(SvgChart.Bars($"{label} on each site's held-out rows", label, categories,
        [
            ("federated", federatedBars),
            ("central (pooled)", centralBars),
            ("local: this site's own model", ownBars),
            ("local: other sites' models", othersOnSite),
        ])).Append("</figure>");
        html.Append("<p class=\"note\">For \"all\", the local bars are means over sites: own-site score, and each site's model on the other sites' pooled rows.</p>");

        var calibrationWhat = r.Study.ClassCount == 2 ? $"p({r.Study.ClassNames[1]})" : "the most probable class";
        html.Append("<figure>").Append(SvgChart.Calibration($"Calibration on all held-out rows: {calibrationWhat}",
        [
            ("federated", Bins(r.Federated)),
            ("central (pooled)", Bins(r.Central)),
        ])).Append("</figure>");
        html.Append("<p class=\"note\">Points on the dashed diagonal mean that predicted risks match observed rates; a dot's size shows how many rows its bin holds.</p>");

        html.Append("<h2>Per site</h2><table><thead><tr><th>site</th><th>train rows</th><th>held-out rows</th>")
            .Append(string.Concat(r.Study.ClassNames.Select(c => $"<th>held-out: {E(c)}</th>")))
            .Append($"<th>federated {E(label)}</th><th>central {E(label)}</th><th>local own {E(label)}</th><th>local → other sites {E(label)}</th></tr></thead><tbody>");
        for (var i = 0; i < sites.Count; i++)
        {
            var site = r.Study.Sites[i];
            var local = r.Local[i];
            html.Append("<tr><td>").Append(E(site.Name)).Append("</td><td>").Append(site.Train.Count).Append("</td><td>").Append(site.Holdout.Count).Append("</td>");
            for (var c = 0; c < r.Study.ClassCount; c++) html.Append("<td>").Append(site.Holdout.Labels.Count(y => y == c)).Append("</td>");
            html.Append("<td>").Append(F(federatedBars[i])).Append("</td><td>").Append(F(centralBars[i])).Append("</td><td>")
                .Append(F(local.Own.Get(metric))).Append("</td><td>").Append(F(local.Others.Get(metric))).Append("</td></tr>");
        }
        html.Append("</tbody></table>");

        html.Append("<h2>All metrics on the pooled held-out rows</h2><table><thead><tr><th>model</th>");
        var names = r.Federated.Pooled.ToDictionary().Keys.ToList();
        html.Append(string.Concat(names.Select(n => $"<th>{E(MetricLabel(n))}</th>"))).Append("</tr></thead><tbody>");
        Row(html, "federated", r.Federated.Pooled, names);
        Row(html, "central (pooled training data)", r.Central.Pooled, names);
        var localMean = names.ToDictionary(n => n, n => r.Local.Select(l => l.Others.ToDictionary()[n]).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average());
        html.Append("<tr><td>local, mean over sites, on other sites' rows</td>").Append(string.Concat(names.Select(n => $"<td>{F(localMean[n])}</td>"))).Append("</tr>");
        html.Append("</tbody></table>");
        html.Append("<p class=\"note\">AUROC and AUPRC: higher is better (0.5 AUROC is chance). Brier score and ECE (expected calibration error, 10 bins): lower is better. ")
            .Append("Accuracy, balanced accuracy and F1 use the most probable class. Small held-out sets give wide uncertainty: a difference of a few hundredths on a site with a few dozen rows is noise. ")
            .Append("Blank cells are undefined (e.g. AUROC where a site's held-out rows are all one class).</p>");
        html.Append("<p class=\"note\">Produced by Arcanum. Every number is measured in this run: the federated model, the central baseline and the local baselines used the same sites, splits and seed.</p>");
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void Row(StringBuilder html, string name, ClassificationMetrics m, IReadOnlyList<string> names)
    {
        var d = m.ToDictionary();
        html.Append("<tr><td>").Append(E(name)).Append("</td>").Append(string.Concat(names.Select(n => $"<td>{F(d[n])}</td>"))).Append("</tr>");
    }

    private static List<(double, double, int)> Bins(Evaluation e) =>
        [.. e.PooledCalibration.Select(b => (b.MeanPredicted, b.ObservedRate, b.Count))];

    private static List<double> Series(SimulationResult r, string site, string metric) =>
        [.. r.Rounds.Where(x => x.Site == site).OrderBy(x => x.Round).Select(x => x.Metrics.Get(metric))];

    internal static string MetricLabel(string metric) => metric switch
    {
        "auroc" => "AUROC",
        "auprc" => "AUPRC",
        "accuracy" => "accuracy",
        "balanced_accuracy" => "balanced accuracy",
        "f1" => "F1",
        "brier" => "Brier score",
        "ece" => "ECE",
        _ => metric,
    };

    private static string F(double v) => double.IsFinite(v) ? v.ToString("0.000", CultureInfo.InvariantCulture) : "";

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
