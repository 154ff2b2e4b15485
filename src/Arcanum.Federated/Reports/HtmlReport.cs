using System.Globalization;
using System.Net;
using System.Text;
using Arcanum.Core.Metrics;
using Arcanum.Federated.Simulation;

namespace Arcanum.Federated.Reports;

/// <summary>
/// report.html: one self-contained page (inline CSS and SVG, no scripts) with the headline
/// comparison, the metric per round, federated vs local vs central per site, and the tables a
/// clinician-researcher reads. Without baselines (a network study) their series, bars and rows are
/// left out and the page says why; a per-site value that was never reported shows as "—" in tables
/// and as a gap in charts.
/// </summary>
public static partial class HtmlReport
{
    /// <summary>Why a network study's report has no baselines.</summary>
    internal const string NoBaselinesExplanation =
        "A real federation cannot train the central or single-site baselines: they need every site's rows in one place. Run <code>arcanum simulate</code> on a copy of the data to see them.";

    private const string Missing = "—";

    /// <summary>The pages' one style sheet (inline: a report is one file that opens anywhere).</summary>
    internal const string Style =
        "body{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}" +
        "table{border-collapse:collapse;margin:1em 0;font-size:14px}th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}" +
        "th:first-child,td:first-child{text-align:left}thead th{background:#f0f0f0}.note{color:#555;font-size:13px}" +
        ".big{font-size:20px}.good{color:#1a7f37}.bad{color:#b42318}figure{margin:1.5em 0}" +
        "img.overlay{image-rendering:pixelated;width:192px;height:192px;margin:2px}";

    public static string Build(StudyReport r)
    {
        var metric = r.Metric;
        var label = MetricLabel(metric);
        var sites = r.SiteNames;
        var central = r.Central;
        var hasLocal = r.Local.Count > 0;
        var pooledName = r.IsNetwork ? "all sites" : "all sites (pooled)";
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(E($"Arcanum study: {r.Job.DisplayName}")).Append("</title><style>").Append(Style).Append("</style></head><body>");

        html.Append("<h1>").Append(E(r.Job.DisplayName)).Append("</h1>");
        html.Append("<p>").Append(E($"{r.DataName}: {sites.Count} sites{RowsSentence(r)}. "))
            .Append(E($"{r.Job.Algorithm} with a {r.Job.Model} model ({r.Weights.ParameterCount:N0} parameters), {r.Job.Rounds} rounds × {r.Job.LocalEpochs} local epoch(s), batch {r.Job.BatchSize}, lr {r.Job.LearningRate.ToString(CultureInfo.InvariantCulture)}, seed {r.Job.Seed}. "))
            .Append(E($"{(r.Spec.IsSegmentation ? $"Task: segmentation of the masks, {r.Spec.InputShape[1]}x{r.Spec.InputShape[2]} pixels" : $"Target: {ClassLabels.Describe(r.Job, r.ClassNames)}")}. Ran in {r.Elapsed.TotalSeconds:F1} s{(r.IsNetwork ? " as a network federation" : "")}.")).Append("</p>");

        var fed = r.Federated.Pooled.Get(metric);
        var cen = central?.Pooled.Get(metric) ?? double.NaN;
        var loc = r.LocalOnOthersMean;
        if (central is not null && hasLocal)
        {
            var verdict = double.IsFinite(fed) && double.IsFinite(loc) && fed >= loc;
            html.Append("<p class=\"big\">").Append(E($"Federated {label} {F(fed)}{Ci(r.Federated.IntervalOf(StudyReport.PooledSiteName))} on all held-out rows; central (pooled data) {F(cen)}{Ci(central.IntervalOf(StudyReport.PooledSiteName))}; a model trained at one site scores {F(loc)} on average on the other sites' rows."))
                .Append(" <span class=\"").Append(verdict ? "good\">The federated model generalises better than any one site's model on average." : "bad\">The federated model does not beat the single-site models on other sites' data here.")
                .Append("</span></p>");
        }
        else
        {
            html.Append("<p class=\"big\">").Append(E($"Federated {label} {F(fed)} on all sites ({r.PooledDescription}).")).Append("</p>");
            html.Append("<p class=\"note\">").Append(NoBaselinesExplanation).Append("</p>");
        }

        var rounds = r.Rounds.Count == 0 ? 0 : r.Rounds.Max(x => x.Round);
        var perRound = new List<(string, IReadOnlyList<double>)> { (pooledName, Series(r, StudyReport.PooledSiteName, metric, rounds)) };
        perRound.AddRange(sites.Select(s => (s, (IReadOnlyList<double>)Series(r, s, metric, rounds))));
        var participation = Participation.From(r);
        var changes = participation.PooledSets.Skip(1).Select(p => p.Round - 1).ToList();
        html.Append("<figure>").Append(SvgChart.Lines($"{label} of the global model per round (held-out rows)", label, perRound, new HashSet<string> { pooledName }, changes,
            floor: metric == "auroc" ? 0.5 : 0)).Append("</figure>");
        if (r.IsNetwork)
        {
            var gaps = sites.Any(s => r.Rounds.Count(x => x.Site == s && x.Evaluated) < rounds) ? " A gap in a site's line is a round it did not report." : "";
            html.Append("<p class=\"note\">").Append(E($"\"{pooledName}\" is the {r.PooledDescription}.{gaps}")).Append("</p>");
        }
        AppendParticipation(html, r, participation, pooledName);
        if (PrivacySummary.Sentence(r) is { } privacy) html.Append("<h2>Privacy</h2><p>").Append(E(privacy)).Append("</p>");
        if (r.Job.SecureAggregation)
            html.Append("<p>").Append(E("Secure aggregation (SecAgg+): in every round the server learned only the sample-weighted mean of the sites' " +
                "changes and their total sample count, never one site's update or sample count (so rounds.csv has no per-site train_samples). " +
                "Updates are quantised; each averaged value is within a stated bound of plain FedAvg's (about 1e-5 here).")).Append("</p>");

        var categories = sites.Append("all").ToList();
        var federatedBars = sites.Select(s => PerSite(r.Federated, s, metric)).Append(fed).ToList();
        var centralBars = sites.Select(s => central is null ? double.NaN : PerSite(central, s, metric)).Append(cen).ToList();
        var bars = new List<(string, IReadOnlyList<double>)> { ("federated", federatedBars) };
        if (central is not null) bars.Add(("central (pooled)", centralBars));
        if (hasLocal)
        {
            var ownBars = r.Local.Select(l => l.Own.Get(metric)).Append(r.Local.Select(l => l.Own.Get(metric)).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average()).ToList();
            var onOthers = sites.Select(s => r.Local.FirstOrDefault(l => l.Site == s)?.Others.Get(metric) ?? double.NaN).Append(loc).ToList();
            bars.Add(("local, own rows", ownBars));
            bars.Add(("local, others' rows", onOthers));
        }
        html.Append("<figure>").Append(SvgChart.Bars($"{label} on each site's held-out rows", label, categories, bars)).Append("</figure>");
        html.Append("<p class=\"note\">").Append(hasLocal
            ? "Local bars (\"local, own rows\" and \"local, others' rows\"): the model trained at that site alone, scored on its own held-out rows and on every other site's held-out rows pooled (how well it travels). For \"all\", they are means over sites."
            : E($"\"all\" is the {r.PooledDescription}. A site with no bar did not report.")).Append("</p>");

        var minimumCount = CalibrationBins.MinimumCount(r.Federated.PooledCalibration.Sum(b => b.Count));
        var calibration = new List<(string, IReadOnlyList<(double, double, int)>)> { ("federated", Bins(r.Federated, minimumCount)) };
        if (central is not null) calibration.Add(("central (pooled)", Bins(central, minimumCount)));
        if (calibration.Any(c => c.Item2.Count > 0))
        {
            var calibrationWhat = r.ClassNames.Count == 2 ? $"p({ClassLabels.For(r.Job, r.ClassNames)[1]})" : "the most probable class";
            html.Append("<figure>").Append(SvgChart.Calibration($"Calibration on all held-out rows: {calibrationWhat}", calibration)).Append("</figure>");
            html.Append("<p class=\"note\">").Append(E($"Points on the dashed diagonal mean that predicted risks match observed rates; a dot's size shows how many rows its bin holds. Neighbouring bins of ten equal-width bins are merged until each holds at least {minimumCount} rows, so that a bin's rate is not noise.")).Append("</p>");
        }

        html.Append("<h2>Per site</h2><table><thead><tr><th>site</th><th>train rows</th><th>held-out rows</th>")
            .Append(string.Concat(ClassLabels.For(r.Job, r.ClassNames).Select(c => $"<th>held-out: {E(c)}</th>")))
            .Append($"<th>federated {E(label)}</th>")
            .Append(central is null ? "" : $"<th>central {E(label)}</th>")
            .Append(hasLocal ? $"<th>local own {E(label)}</th><th>local → other sites {E(label)}</th>" : "")
            .Append("</tr></thead><tbody>");
        for (var i = 0; i < sites.Count; i++)
        {
            var site = sites[i];
            var rows = r.RowsOf(site);
            html.Append("<tr><td>").Append(E(site)).Append("</td><td>").Append(Count(rows?.Train)).Append("</td><td>").Append(Count(rows?.Holdout)).Append("</td>");
            for (var c = 0; c < r.ClassNames.Count; c++) html.Append("<td>").Append(Count(rows is not null && c < rows.HoldoutByClass.Count ? rows.HoldoutByClass[c] : null)).Append("</td>");
            html.Append("<td>").Append(r.Federated.PerSite.ContainsKey(site) ? F(federatedBars[i]) + E(Ci(r.Federated.IntervalOf(site))) : Missing).Append("</td>");
            if (central is not null) html.Append("<td>").Append(central.PerSite.ContainsKey(site) ? F(centralBars[i]) + E(Ci(central.IntervalOf(site))) : Missing).Append("</td>");
            if (r.Local.FirstOrDefault(l => l.Site == site) is { } local)
                html.Append("<td>").Append(F(local.Own.Get(metric))).Append("</td><td>").Append(F(local.Others.Get(metric))).Append("</td>");
            else if (hasLocal)
                html.Append("<td>").Append(Missing).Append("</td><td>").Append(Missing).Append("</td>");
            html.Append("</tr>");
        }
        html.Append("</tbody></table>");

        AppendExamples(html, r);

        html.Append(r.IsNetwork ? "<h2>All metrics on all sites</h2>" : "<h2>All metrics on the pooled held-out rows</h2>").Append("<table><thead><tr><th>model</th>");
        var names = r.Federated.Pooled.ToDictionary().Keys.ToList();
        html.Append(string.Concat(names.Select(n => $"<th>{E(MetricLabel(n))}</th>"))).Append("</tr></thead><tbody>");
        Row(html, r.IsNetwork ? $"federated ({r.PooledDescription})" : "federated", r.Federated.Pooled, names);
        if (central is not null) Row(html, "central (pooled training data)", central.Pooled, names);
        if (hasLocal)
        {
            var localMean = names.ToDictionary(n => n, n => r.Local.Select(l => l.Others.ToDictionary()[n]).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average());
            html.Append("<tr><td>local, mean over sites, on other sites' rows</td>").Append(string.Concat(names.Select(n => $"<td>{F(localMean[n])}</td>"))).Append("</tr>");
        }
        html.Append("</tbody></table>");
        html.Append("<p class=\"note\">").Append(r.Spec.IsSegmentation ? SegmentationNote(r) : ClassificationNote(r))
            .Append(r.IsNetwork ? $"; {Missing} marks what a site never reported" : "").Append(".</p>");
        html.Append(r.IsNetwork
            ? "<p class=\"note\">Produced by Arcanum from a network federation: each site evaluated the global model on its own held-out rows and sent only its metrics to the server.</p>"
            : "<p class=\"note\">Produced by Arcanum. Every number is measured in this run: the federated model, the central baseline and the local baselines used the same sites, splits and seed.</p>");
        html.Append("</body></html>\n");
        return html.ToString();
    }

    /// <summary>Segmentation: each site's held-out slice with the largest tumour, true outline green, predicted red.</summary>
    private static void AppendExamples(StringBuilder html, StudyReport r)
    {
        if (r.Examples.Count == 0) return;
        html.Append("<h2>Examples</h2><p class=\"note\">Each site's held-out slice with the largest tumour: the true outline in green, the model's in red, yellow where they agree. ")
            .Append("This page holds patient images from the held-out data: share it as you would the images.</p><table><thead><tr><th>site</th><th>federated</th>")
            .Append(r.Examples.Any(e => e.Central is not null) ? "<th>central</th>" : "").Append("</tr></thead><tbody>");
        foreach (var e in r.Examples)
        {
            html.Append("<tr><td>").Append(E(e.Site)).Append("</td><td><img class=\"overlay\" alt=\"federated\" src=\"")
                .Append(Arcanum.Data.Images.OverlayImage.DataUri(e.Image, e.Truth, e.Federated, e.Size)).Append("\"></td>");
            if (e.Central is { } c) html.Append("<td><img class=\"overlay\" alt=\"central\" src=\"").Append(Arcanum.Data.Images.OverlayImage.DataUri(e.Image, e.Truth, c, e.Size)).Append("\"></td>");
            html.Append("</tr>");
        }
        html.Append("</tbody></table>");
    }

    private static string ClassificationNote(StudyReport r) =>
        "AUROC and AUPRC: higher is better (0.5 AUROC is chance). Brier score and ECE (expected calibration error, 10 bins): lower is better. " +
        (r.Federated.Intervals is null ? "" : $"95% CI: percentile bootstrap over held-out rows ({Bootstrap.DefaultResamples} seeded resamples). ") +
        "Accuracy, balanced accuracy and F1 use the most probable class. Small held-out sets give wide uncertainty: a difference of a few hundredths on a site with a few dozen rows is noise. " +
        "Blank cells are undefined (e.g. AUROC where a site's held-out rows are all one class)";

    private static string SegmentationNote(StudyReport r) =>
        "Dice: overlap of the predicted and true masks, 2|P∩T| / (|P| + |T|), per patient (all of a patient's held-out slices as one volume), then the mean over patients; 1 is perfect. " +
        "Pixel Dice pools every pixel of every patient, so large tumours weigh more. HD95: the 95th-percentile distance between the predicted and true tumour boundaries, in pixels at the model's resolution, over slices where both have tumour; lower is better. " +
        (r.Federated.Intervals is null ? "" : $"95% CI: percentile bootstrap over held-out patients ({Bootstrap.DefaultResamples} seeded resamples). ") +
        "Held-out patients are whole patients: none of their slices was trained on. A site with few held-out patients gives wide uncertainty. " +
        "Blank cells are undefined (e.g. HD95 where no slice has both a true and a predicted tumour)";

    private static void Row(StringBuilder html, string name, ModelMetrics m, IReadOnlyList<string> names)
    {
        var d = m.ToDictionary();
        html.Append("<tr><td>").Append(E(name)).Append("</td>").Append(string.Concat(names.Select(n => $"<td>{F(d[n])}</td>"))).Append("</tr>");
    }

    private static List<(double, double, int)> Bins(Evaluation e, int minimumCount) =>
        [.. CalibrationBins.Merge(e.PooledCalibration, minimumCount).Select(b => (b.MeanPredicted, b.ObservedRate, b.Count))];

    /// <summary>" (95% CI 0.71–0.88)", or "" without an interval.</summary>
    private static string Ci(MetricInterval? i) => i is null ? "" : $" (95% CI {F(i.Lower)}–{F(i.Upper)})";

    /// <summary>The metric in rounds 1..<paramref name="rounds"/>; NaN (a gap) where the site has no record.</summary>
    private static List<double> Series(StudyReport r, string site, string metric, int rounds)
    {
        var byRound = r.Rounds.Where(x => x.Site == site).ToDictionary(x => x.Round, x => x.Metrics.Get(metric));
        return [.. Enumerable.Range(1, rounds).Select(round => byRound.GetValueOrDefault(round, double.NaN))];
    }

    private static double PerSite(Evaluation e, string site, string metric) => e.PerSite.TryGetValue(site, out var m) ? m.Get(metric) : double.NaN;

    /// <summary>", 160 training and 40 held-out rows", saying so when some sites never told their counts.</summary>
    private static string RowsSentence(StudyReport r)
    {
        var known = r.SiteNames.Select(r.RowsOf).OfType<SiteRows>().ToList();
        if (known.Count == 0) return "";
        var unknown = known.Count < r.SiteNames.Count ? " (not counting sites that never reported their rows)" : "";
        return $", {known.Sum(s => s.Train)} training and {known.Sum(s => s.Holdout)} held-out rows{unknown}";
    }

    private static string Count(int? n) => n is { } v ? v.ToString(CultureInfo.InvariantCulture) : Missing;

    internal static string MetricLabel(string metric) => metric switch
    {
        "auroc" => "AUROC",
        "auprc" => "AUPRC",
        "accuracy" => "accuracy",
        "balanced_accuracy" => "balanced accuracy",
        "f1" => "F1",
        "brier" => "Brier score",
        "ece" => "ECE",
        "dice" => "Dice",
        "hd95" => "HD95 (pixels)",
        "pixel_dice" => "pixel Dice",
        _ => metric,
    };

    private static string F(double v) => double.IsFinite(v) ? v.ToString("0.000", CultureInfo.InvariantCulture) : "";

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
