using System.Text.Json.Nodes;
using Arcanum.Synthesis.Conditions;
using Arcanum.Synthesis.Schema;

namespace Arcanum.Synthesis.Copula;

/// <summary>
/// A number or date column: its empirical quantile function on an even grid of probabilities (linear in
/// between; the grid, not the rows, is what the model keeps) and, when the column has missing values, a
/// second latent dimension "is missing" coded like a two-level category, so the missing rate and its
/// relation to other columns are kept. The latent of a value is Φ⁻¹ of its mid-rank (i − ½)/n, ties broken
/// at random so tied values spread over their share of the unit interval and the latent stays normal.
/// </summary>
internal sealed class NumericMarginal : IMarginal
{
    private const int Present = 0;
    private const int Absent = 1;

    /// <summary>
    /// Runs of tied values at least this share of the rows get free latents when the correlation is fitted:
    /// below it the random order inside a run dilutes no correlation that matters, and re-drawing every
    /// row of a finely rounded column would only cost time.
    /// </summary>
    public const double FreeTieShare = 0.001;

    private readonly ColumnSchema _column;

    /// <param name="column">The column's schema (its decimals make conditions exact after rounding).</param>
    /// <param name="quantiles">Q(k/(K−1)) for k = 0..K−1, non-decreasing; empty when the column never has a value.</param>
    /// <param name="missing">Present (0) and missing (1) on the unit interval; null when no value is missing.</param>
    public NumericMarginal(ColumnSchema column, double[] quantiles, IntervalCoding? missing)
    {
        if (quantiles.Length == 1) throw new ArgumentException("A quantile grid needs at least two points.", nameof(quantiles));
        for (var k = 0; k < quantiles.Length; k++)
        {
            if (!double.IsFinite(quantiles[k]) || (k > 0 && quantiles[k] < quantiles[k - 1]))
                throw new ArgumentException($"The quantiles of '{column.Name}' must be finite and non-decreasing.", nameof(quantiles));
        }
        if (quantiles.Length == 0 && (missing is null || missing.Codes.Contains(Present)))
            throw new ArgumentException($"Column '{column.Name}' has no quantiles, so it must always be missing.", nameof(quantiles));
        _column = column;
        Quantiles = quantiles;
        MissingCoding = missing;
    }

    public double[] Quantiles { get; }

    public IntervalCoding? MissingCoding { get; }

    public int Dimensions => MissingCoding is null ? 1 : 2;

    /// <summary>
    /// The marginal of a column's values (NaN missing) and each row's latent values: the value dimension, then
    /// "is missing" when some are. Latents of missing values are free; so are those of a run of tied values
    /// wide enough to matter (<see cref="FreeTieShare"/> of the present values or more), bounded by the run's
    /// share of the unit interval.
    /// </summary>
    public static (NumericMarginal Marginal, LatentColumn[] Latent) Fit(ColumnSchema column, double[] values, int gridSize, Random random)
    {
        var items = Enumerable.Range(0, values.Length).Where(r => !double.IsNaN(values[r])).ToArray();
        var sorted = items.Select(r => values[r]).ToArray();
        Array.Sort(sorted, items);
        var latent = new LatentColumn(new double[values.Length], new double[values.Length], new double[values.Length]);
        Array.Fill(latent.Values, double.NaN);
        Array.Fill(latent.Lower, double.NegativeInfinity);
        Array.Fill(latent.Upper, double.PositiveInfinity);
        var m = items.Length;
        var start = 0;
        while (start < m)
        {
            var end = start + 1;
            while (end < m && sorted[end] == sorted[start]) end++;
            if (end - start > 1) random.Shuffle(items.AsSpan(start, end - start));
            var free = end - start > 1 && end - start >= FreeTieShare * m;
            var lower = free ? NormalDistribution.Quantile((double)start / m) : double.NaN;
            var upper = free ? NormalDistribution.Quantile((double)end / m) : double.NaN;
            for (var i = start; i < end; i++)
            {
                latent.Values[items[i]] = NormalDistribution.Quantile((i + 0.5) / m);
                latent.Lower[items[i]] = lower;
                latent.Upper[items[i]] = upper;
            }
            start = end;
        }

        var quantiles = m == 0 ? [] : Grid(sorted, gridSize);
        if (m == values.Length) return (new NumericMarginal(column, quantiles, null), [latent]);
        var flags = values.Select(v => double.IsNaN(v) ? Absent : Present).ToArray();
        var missing = IntervalCoding.FromObserved(flags);
        return (new NumericMarginal(column, quantiles, missing), [latent, CategoricalMarginal.Encode(missing, flags, random)]);
    }

    /// <summary>
    /// Hazen quantiles (the value of rank i sits at probability (i − ½)/n, linear in between, the extremes
    /// beyond), so the grid inverts the mid-rank latent.
    /// </summary>
    private static double[] Grid(double[] sorted, int size)
    {
        var n = sorted.Length;
        var grid = new double[size];
        for (var k = 0; k < size; k++)
        {
            var position = Math.Clamp(n * ((double)k / (size - 1)) - 0.5, 0, n - 1);
            var below = (int)Math.Floor(position);
            var above = Math.Min(below + 1, n - 1);
            grid[k] = sorted[below] + (position - below) * (sorted[above] - sorted[below]);
        }
        for (var k = 1; k < size; k++) grid[k] = Math.Max(grid[k], grid[k - 1]);
        return grid;
    }

    public double Decode(ReadOnlySpan<double> latent)
    {
        if (MissingCoding is not null && MissingCoding.Decode(latent[1]) == Absent) return double.NaN;
        return Quantiles.Length == 0 ? double.NaN : Quantile(NormalDistribution.Cdf(latent[0]));
    }

    private double Quantile(double p)
    {
        var last = Quantiles.Length - 1;
        var t = p * last;
        var k = Math.Clamp((int)Math.Floor(t), 0, last - 1);
        var fraction = Math.Clamp(t - k, 0, 1);
        return Quantiles[k] + fraction * (Quantiles[k + 1] - Quantiles[k]);
    }

    public Interval[]?[]? Constrain(ColumnConstraint constraint)
    {
        if (Quantiles.Length == 0) return null;
        var pieces = new List<(double Lower, double Upper)> { (LowerProbability(constraint.Lower, constraint.LowerInclusive), UpperProbability(constraint.Upper, constraint.UpperInclusive)) };
        foreach (var excluded in constraint.Excluded)
        {
            var (from, to) = ExcludedProbabilities(excluded);
            if (!(from < to)) continue;
            pieces = pieces.SelectMany(p => new[] { (p.Lower, Math.Min(p.Upper, from)), (Math.Max(p.Lower, to), p.Upper) }).ToList();
        }
        var set = LatentSet.Normalize(pieces
            .Where(p => p.Lower <= p.Upper)
            .Select(p => new Interval(NormalDistribution.Quantile(Math.Clamp(p.Lower, 0, 1)), NormalDistribution.Quantile(Math.Clamp(p.Upper, 0, 1)))));
        if (set.Length == 0) return null;
        if (MissingCoding is null) return [set];
        var present = MissingCoding.Latent(code => code == Present);
        return present.Length == 0 ? null : [set, present];
    }

    // Generated values are rounded to the column's decimals before anyone checks them, so a bound on the
    // rounded value is a bound half a step further out on the raw one (x >= 5 on integers: raw >= 4.5).
    // Unrounded columns can still tie (x > 0 where many values are 0): a strict bound then skips the tie.
    private double Scale => Math.Pow(10, _column.Decimals);

    private bool Rounds => _column.Decimals < 15;

    private static double Tolerance(double scaled) => Math.Max(1e-9, Math.Abs(scaled) * 1e-13);

    /// <summary>The least probability whose value (after rounding) meets the lower bound.</summary>
    private double LowerProbability(double bound, bool inclusive)
    {
        if (double.IsNegativeInfinity(bound)) return 0;
        if (!Rounds) return inclusive ? LowestProbability(bound) : HighestProbability(bound);
        var s = bound * Scale;
        var step = inclusive ? Math.Ceiling(s - Tolerance(s)) : Math.Floor(s + Tolerance(s)) + 1;
        return LowestProbability((step - 0.5) / Scale);
    }

    /// <summary>The greatest probability whose value (after rounding) meets the upper bound.</summary>
    private double UpperProbability(double bound, bool inclusive)
    {
        if (double.IsPositiveInfinity(bound)) return 1;
        if (!Rounds) return inclusive ? HighestProbability(bound) : LowestProbability(bound);
        var s = bound * Scale;
        var step = inclusive ? Math.Floor(s + Tolerance(s)) : Math.Ceiling(s - Tolerance(s)) - 1;
        return HighestProbability((step + 0.5) / Scale);
    }

    /// <summary>The open range of probabilities whose values (after rounding) equal an excluded value; empty when none do.</summary>
    private (double From, double To) ExcludedProbabilities(double value)
    {
        if (!Rounds) return (LowestProbability(value), HighestProbability(value));
        var s = value * Scale;
        var step = Math.Round(s);
        if (Math.Abs(s - step) > Tolerance(s)) return (1, 0);
        return (HighestProbability((step - 0.5) / Scale), LowestProbability((step + 0.5) / Scale));
    }

    /// <summary>inf { p : Q(p) ≥ x }; above 1 when Q never reaches x.</summary>
    private double LowestProbability(double x)
    {
        var q = Quantiles;
        if (x <= q[0]) return 0;
        if (x > q[^1]) return 2;
        int lo = 1, hi = q.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (q[mid] >= x) hi = mid;
            else lo = mid + 1;
        }
        return (lo - 1 + (x - q[lo - 1]) / (q[lo] - q[lo - 1])) / (q.Length - 1);
    }

    /// <summary>sup { p : Q(p) ≤ x }; below 0 when Q never gets that low.</summary>
    private double HighestProbability(double x)
    {
        var q = Quantiles;
        if (x >= q[^1]) return 1;
        if (x < q[0]) return -1;
        int lo = 0, hi = q.Length - 2;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (q[mid] <= x) lo = mid;
            else hi = mid - 1;
        }
        return (lo + (x - q[lo]) / (q[lo + 1] - q[lo])) / (q.Length - 1);
    }

    public JsonObject ToJson()
    {
        var o = new JsonObject
        {
            ["kind"] = "numeric",
            ["quantiles"] = new JsonArray(Quantiles.Select(q => (JsonNode)JsonValue.Create(q)).ToArray()),
        };
        if (MissingCoding is not null) o["missing"] = MissingCoding.ToJson();
        return o;
    }
}
