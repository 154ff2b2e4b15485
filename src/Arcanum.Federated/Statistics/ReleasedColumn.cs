namespace Arcanum.Federated.Statistics;

/// <summary>
/// A site's <see cref="ColumnSums"/> as it leaves the site: null for every number the site's own release
/// withheld, so whoever merges the sums (a server) never holds a share the site kept back.
/// </summary>
public sealed record ReleasedColumn(string Column, double? Missing, double?[] Bins, double? Sum, double? SumSquares)
{
    public override string ToString() => $"ReleasedColumn({Column}, {Bins.Length} bins)";
}
