using Arcanum.Data.Tables;
using Arcanum.Federated.Statistics;

namespace Arcanum.Federated.Tests.Statistics;

/// <summary>Small site tables and queries for the statistics tests.</summary>
internal static class SomeTables
{
    /// <summary>A table of ages (NaN missing) and, when given, sexes ("F"/"M", null missing).</summary>
    public static DataTable Ages(double[] ages, string?[]? sexes = null)
    {
        var columns = new List<Column> { new NumericColumn("age", ColumnType.Numeric, ages) };
        if (sexes is not null)
        {
            string[] levels = ["F", "M"];
            columns.Add(new CategoricalColumn("sex", ColumnType.Categorical, levels,
                [.. sexes.Select(s => s is null ? -1 : Array.IndexOf(levels, s))]));
        }
        return new DataTable(columns);
    }

    /// <summary><paramref name="n"/> copies of <paramref name="value"/>.</summary>
    public static IEnumerable<double> Times(int n, double value) => Enumerable.Repeat(value, n);

    public static StatisticsQuery AgeQuery(int bins = 4, string? by = null, IReadOnlyList<string>? levels = null) =>
        new(["age"], new Dictionary<string, ValueRange> { ["age"] = new(0, 100) }, by, levels, bins);

    public static SiteSums Sums(string site, DataTable table, StatisticsQuery query, SitePolicy policy, int seed = 1) =>
        SiteStatistics.Compute(site, table, query, policy, new StatisticsBudget(policy), seed);

    public static SiteSums Sums(string site, DataTable table, StatisticsQuery query, SitePolicy policy, StatisticsBudget budget) =>
        SiteStatistics.Compute(site, table, query, policy, budget, 1);
}
