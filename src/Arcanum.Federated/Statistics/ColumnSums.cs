namespace Arcanum.Federated.Statistics;

/// <summary>
/// Mergeable sums of one column within one group: adding two sites' sums gives the sums of their
/// rows together. <see cref="Sum"/> and <see cref="SumSquares"/> are of clamped value − range center,
/// so every site uses the same shift and the plain sums merge exactly (no Chan/Welford correction is
/// needed) while staying small enough for doubles. With noise, every number here is noisy.
/// </summary>
/// <param name="Column">The query column.</param>
/// <param name="Missing">Rows without a value.</param>
/// <param name="Bins">Rows per histogram bin (values beyond the range in the end bins).</param>
/// <param name="Sum">Σ (clamped value − range center).</param>
/// <param name="SumSquares">Σ (clamped value − range center)².</param>
public sealed record ColumnSums(string Column, double Missing, double[] Bins, double Sum, double SumSquares)
{
    /// <summary>Element-wise sum; both must describe the same column on the same bins.</summary>
    public ColumnSums Add(ColumnSums other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Column != Column || other.Bins.Length != Bins.Length)
            throw new ArgumentException($"Cannot add sums of '{other.Column}' to sums of '{Column}'.", nameof(other));
        var bins = new double[Bins.Length];
        for (var b = 0; b < bins.Length; b++) bins[b] = Bins[b] + other.Bins[b];
        return new ColumnSums(Column, Missing + other.Missing, bins, Sum + other.Sum, SumSquares + other.SumSquares);
    }

    public override string ToString() => $"ColumnSums({Column}, {Bins.Length} bins)";
}
