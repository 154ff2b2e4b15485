namespace Arcanum.Federated.Statistics;

/// <summary>The released statistics of one column within one group, at one site or globally.</summary>
/// <param name="Group">The group (a level of the query's By column, "(missing)", "(other)", or "(all)").</param>
/// <param name="Column">The described column.</param>
/// <param name="Rows">Rows in the group.</param>
/// <param name="Count">Rows with a value in this column.</param>
/// <param name="Missing">Rows without one.</param>
/// <param name="Mean">Mean of the values clamped to the declared range.</param>
/// <param name="Variance">Sample variance (n − 1) of the clamped values.</param>
/// <param name="Histogram">Counts per bin over the declared range (end bins include clamped values).</param>
/// <param name="Quantiles">The quantiles asked for, in order.</param>
public sealed record StatisticsRow(
    string Group, string Column, Cell Rows, Cell Count, Cell Missing, Cell Mean, Cell Variance,
    IReadOnlyList<Cell> Histogram, IReadOnlyList<QuantileEstimate> Quantiles);
