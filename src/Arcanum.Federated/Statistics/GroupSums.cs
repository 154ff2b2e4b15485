namespace Arcanum.Federated.Statistics;

/// <summary>Mergeable sums of one group (one level of the query's By column, or all rows).</summary>
/// <param name="Group">The group's name; "(all)" without a By column.</param>
/// <param name="Rows">Rows in the group.</param>
/// <param name="Columns">Sums per query column, in query order.</param>
public sealed record GroupSums(string Group, double Rows, IReadOnlyList<ColumnSums> Columns)
{
    public const string AllRows = "(all)";

    public GroupSums Add(GroupSums other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new GroupSums(Group, Rows + other.Rows, Columns.Zip(other.Columns, (a, b) => a.Add(b)).ToList());
    }

    /// <summary>A group with no rows, for a level one site has and another does not.</summary>
    public static GroupSums Empty(string group, StatisticsQuery query) =>
        new(group, 0, query.Columns.Select(c => new ColumnSums(c, 0, new double[query.Bins], 0, 0)).ToList());

    public override string ToString() => $"GroupSums({Group})";
}
