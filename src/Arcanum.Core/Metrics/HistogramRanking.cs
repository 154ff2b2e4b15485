namespace Arcanum.Core.Metrics;

/// <summary>
/// AUROC and average precision from counts of positives and negatives per score bin (bins in
/// ascending score order), with a bound on how far each can be from the value on the unbinned scores.
/// The value is exactly <see cref="RankingMetrics"/> on scores replaced by their bin: one bin is one
/// tied threshold.
/// </summary>
internal static class HistogramRanking
{
    /// <summary>
    /// Mann–Whitney AUROC with pairs in one bin counting one half, and its bound: the unbinned value
    /// counts such a pair 0, ½ or 1 instead of ½, so it differs by at most Σ_b p_b·n_b / (2·P·N).
    /// NaN (both) without a positive and a negative.
    /// </summary>
    public static (double Value, double Bound) Auroc(ReadOnlySpan<long> positives, ReadOnlySpan<long> negatives)
    {
        CheckShape(positives, negatives);
        double negativesBelow = 0, wins = 0, sameBin = 0, p = 0, n = 0;
        for (var b = 0; b < positives.Length; b++)
        {
            wins += positives[b] * (negativesBelow + 0.5 * negatives[b]);
            sameBin += (double)positives[b] * negatives[b];
            negativesBelow += negatives[b];
            p += positives[b];
        }
        n = negativesBelow;
        if (p == 0 || n == 0) return (double.NaN, double.NaN);
        return (wins / (p * n), sameBin / (2 * p * n));
    }

    /// <summary>
    /// Average precision (scikit-learn's, <see cref="RankingMetrics.AveragePrecision"/>) with each
    /// bin one threshold, and its bound. Bin b, reached from above with TP₀ positives and FP₀
    /// negatives, holds p positives and n negatives; whatever the order and ties inside it, the j-th
    /// of its positives is credited a precision TP/(TP+FP) with TP₀+j ≤ TP ≤ TP₀+p and
    /// FP₀ ≤ FP ≤ FP₀+n, so its share of P·AP lies in [L_b, U_b] with
    /// L_b = Σ_j (TP₀+j)/(TP₀+j+FP₀+n) and U_b = p·(TP₀+p)/(TP₀+p+FP₀). The binned share
    /// p·(TP₀+p)/(TP₀+p+FP₀+n) lies there too, so the error is at most Σ_b (U_b − L_b)/P.
    /// NaN (both) without a positive.
    /// </summary>
    public static (double Value, double Bound) AveragePrecision(
        ReadOnlySpan<long> positives, ReadOnlySpan<long> negatives)
    {
        CheckShape(positives, negatives);
        double total = 0;
        foreach (var c in positives) total += c;
        if (total == 0) return (double.NaN, double.NaN);

        double tp = 0, fp = 0, sum = 0, slack = 0;
        for (var b = positives.Length - 1; b >= 0; b--)
        {
            double p = positives[b], n = negatives[b];
            if (p > 0)
            {
                sum += p * (tp + p) / (tp + p + fp + n);
                slack += p * (tp + p) / (tp + p + fp) - LowerShare(tp, fp, positives[b], n);
            }
            tp += p;
            fp += n;
        }
        return (sum / total, Math.Max(0, slack) / total);
    }

    /// <summary>
    /// Σ_{j=1..p} (TP₀+j)/(TP₀+j+FP₀+n) = p − (FP₀+n)·(H(TP₀+p+FP₀+n) − H(TP₀+FP₀+n)), with H the
    /// harmonic numbers; summed directly for small bins and through digamma differences for large ones.
    /// </summary>
    private static double LowerShare(double tp, double fp, long p, double n)
    {
        var others = fp + n;
        if (others == 0) return p;
        if (p <= 64)
        {
            double share = 0;
            for (var j = 1; j <= p; j++) share += (tp + j) / (tp + j + others);
            return share;
        }
        return p - others * (HarmonicTail(tp + others + p) - HarmonicTail(tp + others));
    }

    /// <summary>
    /// ψ(x+1) = H(x) − γ for a whole number x: summed below 64, else by its asymptotic series
    /// (error below 1e-15 there). Only differences are used, so γ cancels.
    /// </summary>
    private static double HarmonicTail(double x)
    {
        if (x < 64)
        {
            double h = 0;
            for (var k = 1; k <= (long)x; k++) h += 1.0 / k;
            return h - 0.57721566490153286;
        }
        var y = x + 1;
        var inv2 = 1 / (y * y);
        return Math.Log(y) - 0.5 / y - inv2 * (1.0 / 12 - inv2 * (1.0 / 120 - inv2 / 252));
    }

    private static void CheckShape(ReadOnlySpan<long> positives, ReadOnlySpan<long> negatives)
    {
        if (positives.Length != negatives.Length)
            throw new ArgumentException($"{positives.Length} positive bins but {negatives.Length} negative bins.");
    }
}
