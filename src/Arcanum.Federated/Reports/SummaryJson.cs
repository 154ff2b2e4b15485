using System.Text.Json;
using System.Text.Json.Nodes;
using Arcanum.Core.Metrics;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Simulation;

namespace Arcanum.Federated.Reports;

/// <summary>
/// summary.json: the study's results in one machine-readable file. Metrics that are undefined
/// (e.g. AUROC on a site whose held-out rows are all one class) are written as null. A simulation
/// also gives the headline metric's 95% bootstrap interval over held-out rows (<c>auroc_ci95</c> or
/// <c>accuracy_ci95</c>: [lower, upper]) for the pooled rows and each site.
/// <c>mode</c> says how the study ran. A network study also has <c>pooled</c>, what its pooled
/// figures are computed over, and <c>pooled_ranking</c>, what its pooled AUROC and AUPRC rest on:
/// <c>{"basis": "score_histograms", "bins", "auroc_bound", "auprc_bound"}</c> (each metric is within
/// its bound of its value on the pooled scores) or <c>{"basis": "site_mean"}</c>; it has no
/// <c>central</c>, <c>local</c> or
/// <c>local_on_others_mean</c> (a federation cannot train those baselines); a site that did not
/// report is missing from <c>per_site</c>, and a row count a site never told is null. Each site lists
/// the rounds it did not train in and did not evaluate (<c>rounds_not_trained</c>, <c>rounds_not_evaluated</c>).
/// </summary>
public static class SummaryJson
{
    public static JsonObject Build(StudyReport r)
    {
        var sites = new JsonArray();
        var participation = Participation.From(r);
        foreach (var name in r.SiteNames)
        {
            var rows = r.RowsOf(name);
            sites.Add(new JsonObject
            {
                ["name"] = name,
                ["rows"] = rows?.Total,
                ["train_rows"] = rows?.Train,
                ["holdout_rows"] = rows?.Holdout,
                ["rounds_not_trained"] = Rounds(participation.NotTrained[name]),
                ["rounds_not_evaluated"] = Rounds(participation.NotEvaluated[name]),
            });
        }

        var local = new JsonObject();
        foreach (var l in r.Local)
        {
            local[l.Site] = new JsonObject
            {
                ["own"] = Metrics(l.Own),
                ["others"] = Metrics(l.Others),
                ["per_site"] = PerSite(l.PerSite),
            };
        }

        var summary = new JsonObject
        {
            ["name"] = r.Job.DisplayName,
            ["mode"] = r.Mode,
            ["data"] = r.DataName,
            ["algorithm"] = r.Job.Algorithm,
            ["model"] = r.Job.Model,
            ["rounds"] = r.Job.Rounds,
            ["local_epochs"] = r.Job.LocalEpochs,
            ["seed"] = r.Job.Seed,
            ["metric"] = r.Metric,
            ["classes"] = new JsonArray([.. r.ClassNames.Select(c => (JsonNode?)JsonValue.Create(c))]),
            ["parameters"] = r.Weights.ParameterCount,
            ["sites"] = sites,
        };
        if (r.IsNetwork)
        {
            summary["pooled"] = r.PooledDescription;
            summary["pooled_ranking"] = r.PooledRanking is { } ranking
                ? new JsonObject
                {
                    ["basis"] = "score_histograms",
                    ["bins"] = ScoreHistograms.DefaultBins,
                    ["auroc_bound"] = Bound(ranking.AurocBound),
                    ["auprc_bound"] = Bound(ranking.AuprcBound),
                }
                : new JsonObject { ["basis"] = "site_mean" };
        }
        if (PrivacySummary.Json(r) is { } privacy) summary["privacy"] = privacy;
        summary["federated"] = WithPerSite(r.Federated);
        if (r.Central is { } central) summary["central"] = WithPerSite(central);
        if (r.Local.Count > 0)
        {
            summary["local"] = local;
            summary["local_on_others_mean"] = Number(r.LocalOnOthersMean);
        }
        summary["elapsed_seconds"] = Math.Round(r.Elapsed.TotalSeconds, 3);
        summary["job"] = JsonNode.Parse(r.Job.ToJson());
        return summary;
    }

    public static string ToJson(StudyReport r) => Build(r).ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    private static JsonObject WithPerSite(Evaluation e)
    {
        var o = Metrics(e.Pooled);
        AddInterval(o, e.IntervalOf(FederatedSimulator.PooledSiteName));
        o["per_site"] = PerSite(e.PerSite, e);
        return o;
    }

    private static JsonObject PerSite(IReadOnlyDictionary<string, ModelMetrics> perSite, Evaluation? e = null)
    {
        var o = new JsonObject();
        foreach (var (site, m) in perSite)
        {
            var metrics = Metrics(m);
            AddInterval(metrics, e?.IntervalOf(site));
            o[site] = metrics;
        }
        return o;
    }

    /// <summary>"auroc_ci95": [lower, upper], the percentile bootstrap interval over held-out rows.</summary>
    private static void AddInterval(JsonObject o, MetricInterval? interval)
    {
        if (interval is null) return;
        o[interval.Metric + "_ci95"] = new JsonArray(Number(interval.Lower), Number(interval.Upper));
    }

    /// <summary>A model's metrics by name (undefined ones as null) and the count they rest on; shared with evaluation.json.</summary>
    internal static JsonObject Metrics(ModelMetrics m)
    {
        var o = new JsonObject();
        foreach (var (k, v) in m.ToDictionary()) o[k] = Number(v);
        o["count"] = m.Count;
        return o;
    }

    private static JsonArray Rounds(IReadOnlyList<int> rounds) => new([.. rounds.Select(x => (JsonNode?)JsonValue.Create(x))]);

    /// <summary>A bound rounded up, so the rounding never makes it claim more than was proven.</summary>
    private static JsonNode? Bound(double v) =>
        double.IsFinite(v) ? JsonValue.Create(Math.Ceiling(v * 1e9) / 1e9) : null;

    internal static JsonNode? Number(double v) => double.IsFinite(v) ? JsonValue.Create(Math.Round(v, 6)) : null;
}
