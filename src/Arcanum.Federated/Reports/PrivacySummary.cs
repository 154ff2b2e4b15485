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

    /// <summary>Client-level DP: ε after the last round (the pooled rows carry it), or null.</summary>
    private static double? ClientEpsilon(StudyReport r) =>
        r.Job.ClientDp is null ? null : r.Rounds.Where(x => x.Site == StudyReport.PooledSiteName && x.Epsilon is not null).Select(x => x.Epsilon!.Value).DefaultIfEmpty(0).Max();

    /// <summary>summary.json's "privacy" block, or null without DP.</summary>
    public static JsonObject? Json(StudyReport r)
    {
        if (r.Job.ClientDp is { } c && ClientEpsilon(r) is { } clientEpsilon)
        {
            var e = clientEpsilon;
            var distributed = r.Job.SecureAggregation;
            return new JsonObject
            {
                ["level"] = "client",
                ["mechanism"] = distributed
                    ? "DP-FedAvg with distributed noise: each site clipped its change to clip_norm and added its share of the Gaussian noise " +
                      "before secure aggregation; a round with dropouts carried sigma * sqrt(contributed / asked), which the accountant recorded"
                    : "DP-FedAvg: each site's change clipped to clip_norm, Gaussian noise added to the sum by the server",
                ["epsilon"] = double.IsFinite(e) ? Math.Round(e, 4) : null,
                ["delta"] = c.Delta,
                ["noise_multiplier"] = c.NoiseMultiplier,
                ["clip_norm"] = c.ClipNorm,
                ["adaptive_clipping"] = c.AdaptiveClipping,
                ["accountant"] = c.Accountant,
                ["protects_against_server"] = distributed,
                ["weak"] = !(e <= 10),
            };
        }
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
        if (r.Job.ClientDp is { } c && ClientEpsilon(r) is { } e)
        {
            var ci = CultureInfo.InvariantCulture;
            var how = r.Job.SecureAggregation
                ? $"each site clipped its change to {c.ClipNorm.ToString("G3", ci)} and added its share of the Gaussian noise (noise multiplier " +
                  $"{c.NoiseMultiplier.ToString("G3", ci)} on the sum) before secure aggregation, so the server saw only the noisy sum"
                : $"each site's change was clipped to {c.ClipNorm.ToString("G3", ci)} and the server added Gaussian noise (noise multiplier " +
                  $"{c.NoiseMultiplier.ToString("G3", ci)}) to the sum";
            var against = r.Job.SecureAggregation
                ? "against whoever sees the model, and against a server that follows the protocol. A round in which sites dropped out carried " +
                  "only the survivors' noise shares (σ·√(survivors/asked)); the accountant recorded that lower σ, so ε includes it. Each site's " +
                  "evaluation metrics (shown per site in this report) are not covered by this guarantee."
                : "against whoever sees the model, not against the server, which sees each update.";
            return $"Client-level differential privacy (DP-FedAvg): {how}: ε = {e.ToString("F2", ci)} at δ = " +
                   $"{c.Delta.ToString("G3", ci)} ({c.Accountant} accountant) for a whole site's data, {against}" +
                   (e > 10 ? " An ε this large protects little: with few sites that all take part every round, client-level DP cannot give a strong guarantee." : "");
        }
        if (r.Job.Dp is not { } dp || Spent(r) is not { } spent) return null;
        var inv = CultureInfo.InvariantCulture;
        var per = string.Join(", ", spent.Select(p => $"{p.Key} {p.Value.ToString("F2", inv)}"));
        return $"Differential privacy: every site trained with DP-SGD (clipping norm {dp.Clip.ToString("G3", inv)}), calibrated to spend at most " +
               $"ε = {dp.Epsilon.ToString("G3", inv)} at δ = {dp.Delta.ToString("G3", inv)} over the job (RDP accountant). Spent: {per}. " +
               "Each site's ε protects its own patients against everyone who sees its updates or the final model." +
               (r.Central is not null ? " The central and local baselines are trained without DP, as references." : "");
    }
}
