namespace Arcanum.Synthesis.Marginal;

/// <summary>
/// A differentially private range for a number with no public bounds, in up to two Gaussian measurements of
/// fixed, data-independent histograms (add or remove one row changes one count by 1: L2 sensitivity 1).
/// Stage 1 counts values in signed powers of two, ±[2^k, 2^(k+1)) for k from −10 to 40 plus a bucket around 0,
/// and keeps the span from the lowest to the highest bucket whose noisy count clears 4σ (about a 0.3% chance that
/// some empty bucket of the 103 does); when none does, it sums neighbouring buckets in pairs, fours, ... (noise
/// σ√m for m buckets) until one clears 4σ√m, and failing that takes the most significant such group. A span
/// that starts within a sixteenth of its top starts at zero (counts, doses: zero costs little width and is often
/// common), and one spread over five octaves or more from there is marked skewed, for bins of equal ratio. A column
/// far from zero, such as a year, fills one octave; stage 2 then counts 128 equal cells across it and narrows it to
/// where the rows are, when the noise allows telling (see <see cref="Concentrated"/>). Rows outside the range later
/// go to the end bins.
/// </summary>
internal static class DpRange
{
    public const int MinExponent = -10;
    public const int MaxExponent = 40;
    public const int RefineCells = 128;
    public const double Threshold = 4;
    public const double RefineThreshold = 3;
    public const int MaxFallbackBuckets = 16;

    /// <summary>Stage 1 finds the scale, which every such column needs; stage 2 runs for few.</summary>
    public const double FirstStageShare = 2.0 / 3;

    private const int Exponents = MaxExponent - MinExponent + 1;

    /// <summary>Stage-1 buckets: negatives (most negative first), the one around zero, then positives.</summary>
    public const int Buckets = 2 * Exponents + 1;

    private const int Zero = Exponents;

    /// <summary>The stage-1 bucket of a value.</summary>
    public static int Bucket(double value)
    {
        var magnitude = Math.Abs(value);
        if (magnitude < Math.Pow(2, MinExponent)) return Zero;
        var exponent = Math.Clamp((int)Math.Floor(Math.Log2(magnitude)), MinExponent, MaxExponent) - MinExponent;
        return value > 0 ? Zero + 1 + exponent : Zero - 1 - exponent;
    }

    /// <summary>A stage-1 bucket's interval [low, high).</summary>
    public static (double Low, double High) Bounds(int bucket)
    {
        if (bucket == Zero) return (-Math.Pow(2, MinExponent), Math.Pow(2, MinExponent));
        if (bucket > Zero)
        {
            var k = bucket - Zero - 1 + MinExponent;
            return (Math.Pow(2, k), Math.Pow(2, k + 1));
        }
        var j = Zero - 1 - bucket + MinExponent;
        return (-Math.Pow(2, j + 1), -Math.Pow(2, j));
    }

    /// <summary>
    /// The range of <paramref name="values"/> (NaN skipped), spending <paramref name="rho"/> times
    /// <see cref="FirstStageShare"/> on stage 1 and the rest on stage 2 when it runs (it runs only for a range within one
    /// octave, a choice made on stage 1's noisy answer). <paramref name="integer"/> widens a range narrower than one
    /// whole number to one.
    /// </summary>
    public static RangeEstimate Estimate(IReadOnlyList<double> values, double rho, bool integer, Random noise)
    {
        var sigma = Zcdp.GaussianSigma(rho * FirstStageShare);
        var counts = new double[Buckets];
        foreach (var v in values)
        {
            if (!double.IsNaN(v)) counts[Bucket(v)]++;
        }
        var noisy = counts.Select(c => c + noise.Gaussian(sigma)).ToArray();
        var (first, last, significant) = Coarsest(noisy, sigma);
        var (low, high) = (Bounds(first).Low, Bounds(last).High);
        var tiny = Math.Pow(2, MinExponent);
        // Post-processing of the noisy answer only: the bucket around zero does not make a column negative, and a
        // span reaching down to a sixteenth of its top is widened to zero.
        if (low < 0 && low >= -tiny && high > tiny) low = 0;
        if (high > 0 && high <= tiny && low < -tiny) high = 0;
        if (low > 0 && low <= high / 16) low = 0;
        if (high < 0 && -high <= -low / 16) high = 0;
        // Non-negative with significant counts over five octaves or more (or at zero and above): a skewed column
        // such as a lab value or a count, better cut into bins of equal ratio than of equal width.
        var skewed = low == 0 && high >= 32 * Bounds(Math.Max(first, Zero + 1)).Low;
        var stages = 1;
        if ((low > 0 && high <= 2 * low * (1 + 1e-12)) || (high < 0 && -low <= -2 * high * (1 + 1e-12)))
        {
            stages = 2;
            if (Concentrated(values, low, high, Zcdp.GaussianSigma(rho * (1 - FirstStageShare)), noise) is { } narrowed) (low, high) = narrowed;
        }
        if (integer && high - low < 1) high = low + 1;
        return new RangeEstimate(low, high, stages, sigma, significant, skewed && stages == 1);
    }

    /// <summary>
    /// Stage 2 over one octave: <see cref="RefineCells"/> equal cells with noisy counts. It narrows the octave to the
    /// cells that clear 3σ, widened by two cells on each side, only when that is safe to read from the noise: the
    /// octave holds enough rows for the test to have power (its noisy total clears 3σ√cells), the significant span
    /// is at most a quarter of the octave, and the cells outside it hold no significant count together. Otherwise
    /// (a spread-out column, or too few rows for the budget) it keeps the octave rather than cut real values off.
    /// </summary>
    private static (double Low, double High)? Concentrated(IReadOnlyList<double> values, double low, double high, double sigma, Random noise)
    {
        var width = (high - low) / RefineCells;
        var cells = new double[RefineCells];
        foreach (var v in values)
        {
            if (double.IsNaN(v) || v < low || v >= high) continue;
            cells[Math.Min(RefineCells - 1, (int)((v - low) / width))]++;
        }
        var noisy = cells.Select(c => c + noise.Gaussian(sigma)).ToArray();
        var first = Array.FindIndex(noisy, c => c >= RefineThreshold * sigma);
        if (first < 0 || noisy.Sum() < RefineThreshold * sigma * Math.Sqrt(RefineCells)) return null;
        var last = Array.FindLastIndex(noisy, c => c >= RefineThreshold * sigma);
        var outside = RefineCells - (last - first + 1);
        var outsideSum = noisy.Take(first).Sum() + noisy.Skip(last + 1).Sum();
        if (last - first + 1 > RefineCells / 4 || (outside > 0 && outsideSum >= RefineThreshold * sigma * Math.Sqrt(outside))) return null;
        return (low + Math.Max(0, first - 2) * width, low + Math.Min(RefineCells, last + 3) * width);
    }

    /// <summary>
    /// The lowest and highest buckets of the finest grouping (1, 2, 4, ... neighbouring buckets summed) in which some
    /// group clears the threshold; the largest single noisy count when even the whole line does not.
    /// </summary>
    private static (int First, int Last, bool Significant) Coarsest(double[] noisy, double sigma)
    {
        for (var size = 1; size < 2 * Buckets; size *= 2)
        {
            var groups = (noisy.Length + size - 1) / size;
            int first = -1, last = -1;
            for (var g = 0; g < groups; g++)
            {
                var members = Math.Min(size, noisy.Length - g * size);
                var sum = 0.0;
                for (var i = 0; i < members; i++) sum += noisy[g * size + i];
                if (sum < Threshold * sigma * Math.Sqrt(members)) continue;
                if (first < 0) first = g;
                last = g;
            }
            if (first >= 0) return (first * size, Math.Min(noisy.Length, (last + 1) * size) - 1, true);
        }
        // Nothing clears the threshold (too few rows for the budget): the group of at most 16 buckets with the largest
        // z-score less what the largest of that many pure-noise groups would reach (√(2 ln groups)), so a lone noisy
        // bucket far from the data rarely wins.
        var (bestFirst, bestLast, bestScore) = (Zero, Zero, double.NegativeInfinity);
        for (var size = 1; size <= MaxFallbackBuckets; size *= 2)
        {
            var groups = (noisy.Length + size - 1) / size;
            for (var start = 0; start < noisy.Length; start += size)
            {
                var members = Math.Min(size, noisy.Length - start);
                var score = noisy.Skip(start).Take(members).Sum() / (sigma * Math.Sqrt(members)) - Math.Sqrt(2 * Math.Log(groups));
                if (score > bestScore) (bestFirst, bestLast, bestScore) = (start, start + members - 1, score);
            }
        }
        return (bestFirst, bestLast, false);
    }
}

/// <summary>
/// A private range: its bounds, the stages measured (1 or 2), the noise scale of each, whether some bucket's count
/// stood out from the noise (when none did, the range is the best guess the noise allows), and whether the values
/// spread from zero over several octaves (bins of equal ratio suit them).
/// </summary>
internal sealed record RangeEstimate(double Lower, double Upper, int Stages, double Sigma, bool Significant, bool Skewed);
