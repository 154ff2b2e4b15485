namespace Arcanum.Federated.Statistics;

/// <summary>A site's <see cref="GroupSums"/> as it leaves the site; <see cref="Rows"/> is null when withheld.</summary>
public sealed record ReleasedGroup(string Group, double? Rows, IReadOnlyList<ReleasedColumn> Columns)
{
    public override string ToString() => $"ReleasedGroup({Group})";
}
