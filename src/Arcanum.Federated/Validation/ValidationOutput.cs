using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Arcanum.Core.IO;
using Arcanum.Federated.Reports;

namespace Arcanum.Federated.Validation;

/// <summary>
/// evaluation.json and report.html of an external validation, written as a study's output is
/// (<see cref="OutputFolder.Write(string, Action{string})"/>), so a failure leaves nothing half-written.
/// </summary>
public static class ValidationOutput
{
    public static void Write(ExternalValidationResult result, string directory, bool overwrite)
    {
        StudyOutput.EnsureWritable(directory, overwrite);
        OutputFolder.Write(directory, staging =>
        {
            File.WriteAllText(Path.Combine(staging, "evaluation.json"), Json(result).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            File.WriteAllText(Path.Combine(staging, "report.html"), Html(result));
        });
    }

    public static JsonObject Json(ExternalValidationResult r)
    {
        var models = new JsonArray();
        foreach (var s in r.Scores)
        {
            var pooled = SummaryJson.Metrics(s.Pooled);
            if (s.Interval is { } i) pooled[i.Metric + "_ci95"] = new JsonArray(SummaryJson.Number(i.Lower), SummaryJson.Number(i.Upper));
            var perSite = new JsonObject();
            foreach (var (site, m) in s.PerSite) perSite[site] = SummaryJson.Metrics(m);
            models.Add(new JsonObject
            {
                ["model"] = s.Model.DisplayName,
                ["role"] = s.Model.Role,
                ["trained_at"] = s.Model.Site,
                ["pooled"] = pooled,
                ["per_site"] = perSite,
            });
        }
        return new JsonObject
        {
            ["run"] = r.Run.Job.DisplayName,
            ["task"] = r.Run.Spec.IsSegmentation ? "segmentation" : "classification",
            ["data"] = r.DataName,
            ["metric"] = r.Metric,
            ["sites"] = new JsonArray([.. r.Sites.Select(s => (JsonNode)new JsonObject { ["name"] = s.Name, ["samples"] = s.Samples, ["patients"] = s.Patients })]),
            ["models"] = models,
            ["elapsed_s"] = Math.Round(r.Elapsed.TotalSeconds, 2),
        };
    }

    public static string Html(ExternalValidationResult r)
    {
        var label = HtmlReport.MetricLabel(r.Metric);
        var unit = r.Run.Spec.IsSegmentation ? "images" : "rows";
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(E($"External validation: {r.Run.Job.DisplayName} on {r.DataName}")).Append("</title><style>").Append(HtmlReport.Style).Append("</style></head><body>");
        html.Append("<h1>").Append(E($"{r.Run.Job.DisplayName} on {r.DataName}")).Append("</h1>");
        html.Append("<p>").Append(E($"External validation: the run's models, trained without any of this data, scored on {r.Sites.Sum(s => s.Samples)} {unit} from {r.Sites.Count} site(s) ({string.Join(", ", r.Sites.Select(s => s.Name))}), prepared with the run's stored {(r.Run.Spec.IsSegmentation ? "image size and normalisation" : "encoding")}. Nothing was fitted on this data.")).Append("</p>");

        var federated = r.Scores[0];
        var locals = r.Scores.Where(s => s.Model.Role == RunModels.LocalRole).ToList();
        if (locals.Count > 0)
        {
            var fed = federated.Pooled.Get(r.Metric);
            var best = locals.Max(l => l.Pooled.Get(r.Metric));
            var mean = locals.Select(l => l.Pooled.Get(r.Metric)).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average();
            var good = double.IsFinite(fed) && fed >= mean;
            html.Append("<p class=\"big\">").Append(E($"Federated {label} {F(fed)}{Ci(federated.Interval)}; the single-site models score {F(mean)} on average (best {F(best)}). "))
                .Append("<span class=\"").Append(good ? "good\">The federated model travels better than a typical single-site model." : "bad\">The federated model does not beat the average single-site model here.")
                .Append("</span></p>");
        }

        var categories = r.Sites.Select(s => s.Name).Append("all").ToList();
        var bars = r.Scores.Select(s => (s.Model.DisplayName, (IReadOnlyList<double>)[.. r.Sites.Select(x => s.PerSite[x.Name].Get(r.Metric)), s.Pooled.Get(r.Metric)])).ToList();
        html.Append("<figure>").Append(SvgChart.Bars($"{label} of each model on the external data", label, categories, bars)).Append("</figure>");

        var names = federated.Pooled.ToDictionary().Keys.ToList();
        html.Append("<h2>All metrics, all external sites together</h2><table><thead><tr><th>model</th>")
            .Append(string.Concat(names.Select(n => $"<th>{E(HtmlReport.MetricLabel(n))}</th>"))).Append("<th>95% CI of ").Append(E(label)).Append("</th></tr></thead><tbody>");
        foreach (var s in r.Scores)
        {
            var d = s.Pooled.ToDictionary();
            html.Append("<tr><td>").Append(E(s.Model.DisplayName)).Append("</td>").Append(string.Concat(names.Select(n => $"<td>{F(d[n])}</td>")))
                .Append("<td>").Append(s.Interval is { } i ? $"{F(i.Lower)}–{F(i.Upper)}" : "").Append("</td></tr>");
        }
        html.Append("</tbody></table>");
        html.Append("<p class=\"note\">").Append(E(r.Run.Spec.IsSegmentation
            ? "Dice per patient (all of a patient's slices as one volume), mean over patients; HD95 in pixels at the model's resolution, lower is better. The interval is a percentile bootstrap over patients."
            : "The interval is a percentile bootstrap over rows. A site with few rows gives wide uncertainty.")).Append("</p>");
        html.Append("<p class=\"note\">Produced by Arcanum (arcanum evaluate).</p></body></html>\n");
        return html.ToString();
    }

    private static string Ci(Simulation.MetricInterval? i) => i is null ? "" : $" (95% CI {F(i.Lower)}–{F(i.Upper)})";

    private static string F(double v) => double.IsFinite(v) ? v.ToString("0.000", CultureInfo.InvariantCulture) : "";

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
