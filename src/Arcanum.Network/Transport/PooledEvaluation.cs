using System.Globalization;
using Arcanum.Core.Metrics;
using Arcanum.Federated.Simulation;

namespace Arcanum.Network.Transport;

/// <summary>
/// The study-wide figures of one model, and what its AUROC and AUPRC rest on: <see cref="Ranking"/>
/// when every evaluating site sent consistent score histograms (the pooled metrics, each within its
/// bound of the value on the pooled scores), else null with <see cref="Fallback"/> saying why the
/// two are site means weighted by held-out rows.
/// </summary>
public sealed record PooledEvaluation(
    Evaluation Evaluation, PooledRankingMetrics? Ranking, IReadOnlyList<string> Fallback)
{
    /// <summary>What the pooled figures are computed over, in words for the report and summary.json.</summary>
    public string Description => Evaluation.Pooled is SegmentationMetrics
        ? "all sites' held-out patients; Dice and HD95 as means over patients and pixel Dice over pixels, pooled exactly " +
          "from each site's counts (no mask, image or per-patient figure left a site)"
        : Ranking is { } r
        ? "all sites' held-out rows; AUROC and AUPRC from the sites' summed score histograms " +
          $"({ScoreHistograms.DefaultBins} bins: within {Bound(r.AurocBound)} and {Bound(r.AuprcBound)} " +
          "of their values on the pooled scores); balanced accuracy and F1 as site means weighted by rows"
        : "all sites' held-out rows; AUROC, AUPRC, balanced accuracy and F1 as site means weighted by rows" +
          (Fallback.Count > 0 ? $" ({string.Join("; ", Fallback)})" : "");

    private static string Bound(double bound) =>
        double.IsFinite(bound) ? bound.ToString("0.######", CultureInfo.InvariantCulture) : "(undefined)";
}
