namespace Arcanum.Data.Synthetic;

/// <summary>
/// One fidelity number in [0, 1] and its two parts:
/// <see cref="ColumnShapes"/> = mean of (1 − column distance) and
/// <see cref="PairTrends"/> = mean of (1 − scaled pair difference, see <see cref="PairDifference.ScaledDifference"/>).
/// <see cref="Overall"/> is the mean of the two parts (the column part alone when there are no pairs).
/// </summary>
public sealed record FidelityScore(double Overall, double ColumnShapes, double PairTrends, int ColumnCount, int PairCount)
{
    /// <summary>What the number means and when to worry.</summary>
    public const string Explanation =
        "1 = the synthetic table reproduces every column's distribution and every pairwise dependence. " +
        "A high score does not prove the data is useful for training (check train-on-synthetic, test-on-real) " +
        "nor that it is private (check the privacy measures: distances to training rows and membership inference). Worry below ~0.8.";

    public override string ToString() =>
        FormattableString.Invariant($"fidelity {Overall:0.###} (column shapes {ColumnShapes:0.###} over {ColumnCount}, pair trends {PairTrends:0.###} over {PairCount})");
}
