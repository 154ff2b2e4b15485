namespace Arcanum.Data.Synthetic;

/// <summary>The 5th, 25th, 50th, 75th and 95th percentiles of a sample (linear interpolation between order statistics).</summary>
public sealed record Percentiles(double P5, double P25, double P50, double P75, double P95)
{
    /// <exception cref="ArgumentException">The sample is empty.</exception>
    public static Percentiles Of(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) throw new ArgumentException("Percentiles of an empty sample are undefined.", nameof(values));
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return new Percentiles(At(sorted, 0.05), At(sorted, 0.25), At(sorted, 0.5), At(sorted, 0.75), At(sorted, 0.95));
    }

    private static double At(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
    }

    public override string ToString() =>
        FormattableString.Invariant($"p5 {P5:0.###}, p25 {P25:0.###}, p50 {P50:0.###}, p75 {P75:0.###}, p95 {P95:0.###}");
}
