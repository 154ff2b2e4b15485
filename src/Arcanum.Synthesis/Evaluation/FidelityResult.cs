using Arcanum.Data.Synthetic;

namespace Arcanum.Synthesis.Evaluation;

/// <summary>How closely the synthetic table reproduces the real training table, column by column and pair by pair (see <see cref="Fidelity"/>).</summary>
/// <param name="Score">One number and its two parts.</param>
/// <param name="Columns">KS or total-variation distance per column, in table order.</param>
/// <param name="Pairs">Dependence (Pearson, Cramér's V, η) in both tables for every pair defined in both.</param>
/// <param name="Marginals">Each column's distribution in both tables, for plots.</param>
public sealed record FidelityResult(FidelityScore Score, IReadOnlyList<ColumnDistance> Columns, IReadOnlyList<PairDifference> Pairs, IReadOnlyList<ColumnMarginal> Marginals)
{
    /// <summary>A column distance above this is a column whose shape is clearly off.</summary>
    public const double WorryColumnDistance = 0.2;

    /// <summary>A pair whose dependence measure differs by more than this between the tables has lost (or gained) a link.</summary>
    public const double WorryPairDifference = 0.2;

    /// <summary>A fidelity score at or above this is good.</summary>
    public const double GoodScore = 0.8;

    public override string ToString() => Score.ToString();
}
