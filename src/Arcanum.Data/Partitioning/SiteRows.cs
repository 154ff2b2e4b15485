namespace Arcanum.Data.Partitioning;

/// <summary>The rows (ascending indices into the source table) that one simulated site holds.</summary>
public sealed record SiteRows(string SiteName, int[] Rows)
{
    public override string ToString() => $"{SiteName}: {Rows.Length} rows";
}
