namespace Arcanum.Data.Synthetic;

/// <summary>
/// The dependence between two columns in the real and the synthetic table.
/// <see cref="Measure"/>: "pearson" (numeric–numeric, in [-1, 1]), "cramers_v" (categorical–categorical,
/// bias-uncorrected, in [0, 1]) or "eta" (numeric–categorical correlation ratio, in [0, 1]).
/// </summary>
public sealed record PairDifference(string First, string Second, string Measure, double Real, double Synthetic)
{
    /// <summary>What the numbers mean and when to worry.</summary>
    public const string Explanation =
        "How strongly two columns move together, in real and synthetic data. A generator can match every column " +
        "and still break these links. Worry when |difference| exceeds ~0.1 for a pair that matters clinically " +
        "(e.g. age and stage), or when a real association above 0.3 vanishes.";

    public double Difference => Math.Abs(Real - Synthetic);

    /// <summary>The difference on a [0, 1] scale: halved for Pearson (its range is 2 wide), clamped to 1.</summary>
    public double ScaledDifference => Math.Min(1, Measure == Dependence.Pearson ? Difference / 2 : Difference);

    public override string ToString() =>
        FormattableString.Invariant($"{First} x {Second} ({Measure}): real {Real:0.###}, synthetic {Synthetic:0.###}, |diff| {Difference:0.###}");
}
