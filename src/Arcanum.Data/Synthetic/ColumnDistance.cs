namespace Arcanum.Data.Synthetic;

/// <summary>
/// How differently one column is distributed in the real and the synthetic table.
/// <see cref="Kind"/> is "ks" (numeric, integer, date: Kolmogorov–Smirnov D over present values)
/// or "tv" (categorical, binary: total variation distance, missing counted as its own level).
/// <see cref="Distance"/> is in [0, 1]; 0 means the same distribution.
/// </summary>
public sealed record ColumnDistance(string Column, string Kind, double Distance, double MissingRateDifference, string Description)
{
    /// <summary>What the number means and when to worry.</summary>
    public const string Explanation =
        "Distance 0 = the synthetic column has the real column's distribution; 1 = no overlap at all. " +
        "KS D is the largest gap between the two cumulative distributions; TV is the share of probability mass " +
        "that would have to move. Worry above ~0.2 (shape clearly off) and when the missing-rate difference exceeds ~0.05.";

    public override string ToString() => Description;
}
