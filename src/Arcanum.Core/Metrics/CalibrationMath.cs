namespace Arcanum.Core.Metrics;

/// <summary>Equal-width binning of predicted probabilities against observed outcomes.</summary>
internal static class CalibrationMath
{
    /// <summary>
    /// Bins <paramref name="predicted"/> into <paramref name="binCount"/> equal-width bins on [0, 1]:
    /// bin b holds b/B ≤ p &lt; (b+1)/B, and the last bin also holds p = 1. Empty bins are left out.
    /// </summary>
    public static List<CalibrationBin> Bins(ReadOnlySpan<double> predicted, ReadOnlySpan<bool> outcome, int binCount)
    {
        var sums = new double[binCount];
        var hits = new int[binCount];
        var counts = new int[binCount];
        for (var i = 0; i < predicted.Length; i++)
        {
            var b = Math.Min((int)(predicted[i] * binCount), binCount - 1);
            sums[b] += predicted[i];
            counts[b]++;
            if (outcome[i]) hits[b]++;
        }
        var bins = new List<CalibrationBin>();
        for (var b = 0; b < binCount; b++)
        {
            if (counts[b] > 0)
                bins.Add(new CalibrationBin(sums[b] / counts[b], (double)hits[b] / counts[b], counts[b]));
        }
        return bins;
    }

    /// <summary>Expected calibration error: Σ_b (n_b / n)·|mean predicted_b − observed rate_b|.</summary>
    public static double ExpectedError(IReadOnlyList<CalibrationBin> bins)
    {
        var n = bins.Sum(b => b.Count);
        if (n == 0) return double.NaN;
        return bins.Sum(b => (double)b.Count / n * Math.Abs(b.MeanPredicted - b.ObservedRate));
    }
}
