using System.Text.Json;
using System.Text.Json.Nodes;
using Arcanum.Core.Metrics;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Simulation;

namespace Arcanum.Federated.Reports;

/// <summary>
/// summary.json: the study's results in one machine-readable file. Metrics that are undefined
/// (e.g. AUROC on a site whose held-out rows are all one class) are written as null.
/// </summary>
public static class SummaryJson
{
    public static JsonObject Build(SimulationResult r)
    {
        var sites = new JsonArray();
        foreach (var s in r.Study.Sites)
        {
            sites.Add(new JsonObject
            {
                ["name"] = s.Name,
                ["rows"] = s.Train.Count + s.Holdout.Count,
                ["train_rows"] = s.Train.Count,
                ["holdout_rows"] = s.Holdout.Count,
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

        return new JsonObject
        {
            ["name"] = r.Job.DisplayName,
            ["data"] = r.Study.DataName,
            ["algorithm"] = r.Job.Algorithm,
            ["model"] = r.Job.Model,
            ["rounds"] = r.Job.Rounds,
            ["local_epochs"] = r.Job.LocalEpochs,
            ["seed"] = r.Job.Seed,
            ["metric"] = r.Metric,
            ["classes"] = new JsonArray([.. r.Study.ClassNames.Select(c => (JsonNode?)JsonValue.Create(c))]),
            ["parameters"] = r.Weights.ParameterCount,
            ["sites"] = sites,
            ["federated"] = WithPerSite(r.Federated),
            ["central"] = WithPerSite(r.Central),
            ["local"] = local,
            ["local_on_others_mean"] = Number(r.LocalOnOthersMean),
            ["elapsed_seconds"] = Math.Round(r.Elapsed.TotalSeconds, 3),
            ["job"] = JsonNode.Parse(r.Job.ToJson()),
        };
    }

    public static string ToJson(SimulationResult r) => Build(r).ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    private static JsonObject WithPerSite(Evaluation e)
    {
        var o = Metrics(e.Pooled);
        o["per_site"] = PerSite(e.PerSite);
        return o;
    }

    private static JsonObject PerSite(IReadOnlyDictionary<string, ClassificationMetrics> perSite)
    {
        var o = new JsonObject();
        foreach (var (site, m) in perSite) o[site] = Metrics(m);
        return o;
    }

    private static JsonObject Metrics(ClassificationMetrics m)
    {
        var o = new JsonObject();
        foreach (var (k, v) in m.ToDictionary()) o[k] = Number(v);
        o["count"] = m.Count;
        return o;
    }

    private static JsonNode? Number(double v) => double.IsFinite(v) ? JsonValue.Create(Math.Round(v, 6)) : null;
}
