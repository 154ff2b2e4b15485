namespace Arcanum.Synthesis.Evaluation.Classifiers;

/// <summary>
/// Each feature cut into at most <see cref="MaxBins"/> ordered bins, as histogram-based tree learners
/// (LightGBM, scikit-learn's HistGradientBoosting) do: a split "bin ≤ b" is the rule "value ≤
/// <see cref="Thresholds"/>[f][b]". A feature with few distinct values gets one bin per value and
/// thresholds halfway between them; otherwise thresholds are quantiles of the training values.
/// </summary>
internal sealed class FeatureBins
{
    public const int MaxBins = 64;

    private FeatureBins(float[][] thresholds, byte[] codes)
    {
        Thresholds = thresholds;
        Codes = codes;
    }

    /// <summary>Per feature, the ascending upper edges of every bin but the last.</summary>
    public float[][] Thresholds { get; }

    /// <summary>Row-major bin of every training value.</summary>
    public byte[] Codes { get; }

    public int BinCount(int feature) => Thresholds[feature].Length + 1;

    public static FeatureBins Fit(float[] features, int width, int rows)
    {
        var thresholds = new float[width][];
        var codes = new byte[rows * width];
        Parallel.For(0, width, f =>
        {
            var column = new float[rows];
            for (var r = 0; r < rows; r++) column[r] = features[r * width + f];
            var sorted = (float[])column.Clone();
            Array.Sort(sorted);
            var distinct = sorted.Distinct().ToArray();
            float[] edges;
            if (distinct.Length <= MaxBins)
            {
                edges = new float[Math.Max(0, distinct.Length - 1)];
                for (var i = 0; i < edges.Length; i++) edges[i] = distinct[i] + (distinct[i + 1] - distinct[i]) / 2;
            }
            else
            {
                var cuts = new List<float>();
                for (var b = 1; b < MaxBins; b++)
                {
                    var q = sorted[(int)((long)b * rows / MaxBins)];
                    // The largest value never closes a bin: the last bin is open above.
                    if (q < sorted[^1] && (cuts.Count == 0 || q > cuts[^1])) cuts.Add(q);
                }
                edges = [.. cuts];
            }
            thresholds[f] = edges;
            for (var r = 0; r < rows; r++) codes[r * width + f] = (byte)Bin(edges, column[r]);
        });
        return new FeatureBins(thresholds, codes);
    }

    /// <summary>The first bin whose upper edge is at least <paramref name="value"/>.</summary>
    private static int Bin(float[] edges, float value)
    {
        int low = 0, high = edges.Length;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (value <= edges[mid]) high = mid;
            else low = mid + 1;
        }
        return low;
    }
}
