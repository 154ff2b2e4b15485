namespace Arcanum.Federated.Statistics;

/// <summary>What one source (a site, or "global") releases for a query.</summary>
/// <param name="Source">The site's name, or <see cref="GlobalSource"/>.</param>
/// <param name="MinCellCount">The minimum count per released cell that was applied.</param>
/// <param name="EpsilonSpent">
/// ε the query cost (global: the largest any site spent; each site's rows are covered by its own ε).
/// </param>
/// <param name="NoiseScale">Noise per unit of sensitivity (0 without noise).</param>
/// <param name="Rows">One row per group and column.</param>
/// <param name="Notes">Plain sentences about what was withheld and why, for the requester.</param>
public sealed record StatisticsTable(
    string Source, int MinCellCount, double EpsilonSpent, double NoiseScale,
    IReadOnlyList<StatisticsRow> Rows, IReadOnlyList<string> Notes)
{
    public const string GlobalSource = "global";
}
