namespace Arcanum.Synthesis.Copula;

/// <summary>A closed interval of one latent (standard normal) dimension; the ends may be infinite.</summary>
internal readonly record struct Interval(double Lower, double Upper);

/// <summary>Unions of intervals: where a condition lets one latent dimension go.</summary>
internal static class LatentSet
{
    /// <summary>The whole line.</summary>
    public static Interval[] All { get; } = [new(double.NegativeInfinity, double.PositiveInfinity)];

    /// <summary>Sorted, with touching or overlapping intervals merged and empty ones (Lower &gt; Upper) dropped.</summary>
    public static Interval[] Normalize(IEnumerable<Interval> intervals)
    {
        var sorted = intervals.Where(i => i.Lower <= i.Upper).OrderBy(i => i.Lower).ThenBy(i => i.Upper).ToList();
        var merged = new List<Interval>(sorted.Count);
        foreach (var interval in sorted)
        {
            if (merged.Count > 0 && interval.Lower <= merged[^1].Upper)
                merged[^1] = merged[^1] with { Upper = Math.Max(merged[^1].Upper, interval.Upper) };
            else
                merged.Add(interval);
        }
        return merged.ToArray();
    }

    /// <summary>The point of the set nearest 0: where a Gibbs chain starts, inside the set and where the density is high.</summary>
    public static double NearestToZero(Interval[] set)
    {
        var best = double.NaN;
        foreach (var interval in set)
        {
            var point = Math.Clamp(0, interval.Lower, interval.Upper);
            if (double.IsNaN(best) || Math.Abs(point) < Math.Abs(best)) best = point;
        }
        return best;
    }
}
