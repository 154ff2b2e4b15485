namespace Arcanum.Core.Metrics;

/// <summary>
/// AUROC and AUPRC of scores pooled across sites, computed from summed <see cref="ScoreHistograms"/>,
/// each with a bound on its distance from the metric on the pooled unbinned scores (what
/// <see cref="ClassificationMetrics"/> would give on the concatenated data). Multiclass values and
/// bounds are macro means over the same classes <see cref="ClassificationMetrics"/> averages over, so
/// each bound still holds for its mean.
/// </summary>
/// <param name="Auroc">
/// Mann–Whitney AUROC, pairs in one bin counting one half; NaN as in <see cref="ClassificationMetrics.Auroc"/>.
/// </param>
/// <param name="AurocBound">
/// |binned − exact| ≤ this: half the share of positive–negative pairs that share a bin.
/// </param>
/// <param name="Auprc">
/// Average precision with each bin one threshold; NaN as in <see cref="ClassificationMetrics.Auprc"/>.
/// </param>
/// <param name="AuprcBound">|binned − exact| ≤ this (see <see cref="HistogramRanking.AveragePrecision"/>).</param>
/// <param name="Count">Samples counted.</param>
public sealed record PooledRankingMetrics(double Auroc, double AurocBound, double Auprc, double AuprcBound, long Count)
{
    /// <summary>The metrics of (summed) histograms.</summary>
    public static PooledRankingMetrics Compute(ScoreHistograms histograms)
    {
        ArgumentNullException.ThrowIfNull(histograms);
        var aurocs = new List<(double Value, double Bound)>();
        var auprcs = new List<(double Value, double Bound)>();
        for (var r = 0; r < histograms.RankedClasses; r++)
        {
            var positives = histograms.Positives(r);
            var negatives = histograms.Negatives(r);
            var roc = HistogramRanking.Auroc(positives, negatives);
            var ap = HistogramRanking.AveragePrecision(positives, negatives);
            if (!double.IsNaN(roc.Value)) aurocs.Add(roc);
            if (!double.IsNaN(ap.Value)) auprcs.Add(ap);
        }
        long count = 0;
        foreach (var c in histograms.Positives(0)) count += c;
        foreach (var c in histograms.Negatives(0)) count += c;
        var (auroc, aurocBound) = Mean(aurocs);
        var (auprc, auprcBound) = Mean(auprcs);
        return new PooledRankingMetrics(auroc, aurocBound, auprc, auprcBound, count);
    }

    private static (double Value, double Bound) Mean(List<(double Value, double Bound)> values) =>
        values.Count == 0 ? (double.NaN, double.NaN) : (values.Average(v => v.Value), values.Average(v => v.Bound));
}
