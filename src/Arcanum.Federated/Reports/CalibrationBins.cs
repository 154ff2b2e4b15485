using Arcanum.Core.Metrics;

namespace Arcanum.Federated.Reports;

/// <summary>
/// Merges neighbouring calibration bins until each holds enough rows to say something: ten
/// equal-width bins over a few dozen rows hold a handful each and zig-zag with noise. Works from
/// the bins alone (count-weighted means), so a network's pooled bins merge the same way.
/// </summary>
internal static class CalibrationBins
{
    /// <summary>At least 15 rows per bin, and at most about 10 bins.</summary>
    public static int MinimumCount(int rows) => Math.Max(15, (rows + 9) / 10);

    public static IReadOnlyList<CalibrationBin> Merge(IReadOnlyList<CalibrationBin> bins, int minimumCount)
    {
        var merged = new List<CalibrationBin>();
        var (count, predicted, observed) = (0, 0.0, 0.0);
        foreach (var bin in bins.Where(b => b.Count > 0))
        {
            count += bin.Count;
            predicted += bin.MeanPredicted * bin.Count;
            observed += bin.ObservedRate * bin.Count;
            if (count < minimumCount) continue;
            merged.Add(new CalibrationBin(predicted / count, observed / count, count));
            (count, predicted, observed) = (0, 0.0, 0.0);
        }
        if (count > 0)
        {
            if (merged.Count == 0)
            {
                merged.Add(new CalibrationBin(predicted / count, observed / count, count));
            }
            else
            {
                // Too few rows left for a bin of their own: they join the last one.
                var last = merged[^1];
                var n = last.Count + count;
                merged[^1] = new CalibrationBin((last.MeanPredicted * last.Count + predicted) / n, (last.ObservedRate * last.Count + observed) / n, n);
            }
        }
        return merged;
    }
}
