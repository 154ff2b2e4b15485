using System.Globalization;
using System.Text.Json.Nodes;
using Arcanum.Federated.Privacy;

namespace Arcanum.Federated.Reports;

/// <summary>
/// What a DP study guarantees, as every output states it: the job's (ε, δ) and clipping norm, the
/// accountant, and what each site had spent by the last round it trained (each site protects its own
/// patients; a site's ε covers its rows against everyone who sees its updates or the model).
/// </summary>
internal static class PrivacySummary
{
    /// <summary>Each site's ε spent by the end of the study (0 for a site that never trained), or null without DP.</summary>
    public static IReadOnlyDictionary<string, double>? Spent(StudyReport r)
    {
        if (r.Job.Dp is null) return null;
        return r.SiteNames.ToDictionary(s => s, s => r.Rounds.Where(x => x.Site == s && x.Epsilon is not null).Select(x => x.Epsilon!.Value).DefaultIfEmpty(0).Max(),
            StringComparer.Ordinal);
    }

    /// <summary>summary.json's "privacy" block, or null without DP.</summary>
    public static JsonObject? Json(StudyReport r)
    {
        if (r.Job.Dp is not { } dp || Spent(r) is not { } spent) return null;
        var sites = new JsonObject();
        foreach (var (site, e) in spent) sites[site] = Math.Round(e, 4);
        return new JsonObject
        {
            ["level"] = "sample",
            ["mechanism"] = "DP-SGD at every site (per-record clipping, Gaussian noise, Poisson sampling)",
            ["epsilon"] = dp.Epsilon,
            ["delta"] = dp.Delta,
            ["clip"] = dp.Clip,
            ["accountant"] = SiteDpLedger.AccountantName,
            ["epsilon_spent"] = sites,
            ["max_epsilon_spent"] = Math.Round(spent.Values.DefaultIfEmpty(0).Max(), 4),
            ["baselines_private"] = false,
        };
    }

    /// <summary>One sentence for the report, or null without DP.</summary>
    public static string? Sentence(StudyReport r)
    {
        if (r.Job.Dp is not { } dp || Spent(r) is not { } spent) return null;
        var inv = CultureInfo.InvariantCulture;
        var per = string.Join(", ", spent.Select(p => $"{p.Key} {p.Value.ToString("F2", inv)}"));
        return $"Differential privacy: every site trained with DP-SGD (clipping norm {dp.Clip.ToString("G3", inv)}), calibrated to spend at most " +
               $"ε = {dp.Epsilon.ToString("G3", inv)} at δ = {dp.Delta.ToString("G3", inv)} over the job (RDP accountant). Spent: {per}. " +
               "Each site's ε protects its own patients against everyone who sees its updates or the final model." +
               (r.Central is not null ? " The central and local baselines are trained without DP, as references." : "");
    }
}
