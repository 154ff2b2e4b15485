using Arcanum.Data.Tables;

namespace Arcanum.Federated.Statistics;

/// <summary>
/// The site side of a statistics query: turns the site's own table into <see cref="SiteSums"/> without
/// any row leaving it, adding noise when the site's policy says so.
/// </summary>
public static class SiteStatistics
{
    /// <summary>
    /// Sums per group of the query's columns, noisy under a policy with ε. One record sits in exactly
    /// one group, so groups compose in parallel and the query costs K = 1 + 3·columns measurements: the
    /// group's row count (sensitivity 1), per column the missing count with the histogram (one record
    /// adds 1 to one of them: L1 = L2 = 1), the centered sum (half the range width) and the centered sum
    /// of squares (its square).
    /// </summary>
    /// <param name="site">The site's name, for the result.</param>
    /// <param name="table">The site's table; it never leaves this call.</param>
    /// <param name="query">The query every site received.</param>
    /// <param name="policy">The site's own policy.</param>
    /// <param name="budget">The site's ledger; charged before noise is drawn.</param>
    /// <param name="seed">Seed of the noise; give each site and query its own.</param>
    /// <exception cref="StatisticsException">A bad query, a policy it cannot meet, or a spent budget.</exception>
    public static SiteSums Compute(
        string site, DataTable table, StatisticsQuery query, SitePolicy policy, StatisticsBudget budget, int seed)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(site);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(budget);
        query.Validate(table);
        policy.Validate();
        if (policy.IsNoisy && query.By is not null && query.ByLevels is null)
            throw new StatisticsException(
                $"Site '{site}' adds noise, so the levels of '{query.By}' must be given with the query: which levels " +
                "a site holds is itself data that the noise would not cover.");

        var keys = GroupKeys(table, query);
        var order = GroupOrder(keys, query, includeAllDeclared: policy.IsNoisy);
        var groups = order.Select(g => Exact(table, query, keys, g)).ToList();

        var scale = budget.Charge(Measurements(query));
        if (scale == 0) return new SiteSums(site, groups, 0, 0);
        var noise = new StatisticsNoise(policy.Mechanism, scale, new Random(seed));
        var noisy = groups.Select(g => Noisy(g, query, noise)).ToList();
        return new SiteSums(site, noisy, policy.Epsilon ?? 0, scale);
    }

    /// <summary>The measurements one query releases per group, K = 1 + 3·columns (see <see cref="Compute"/>).</summary>
    public static int Measurements(StatisticsQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return 1 + 3 * query.Columns.Count;
    }

    private static string[] GroupKeys(DataTable table, StatisticsQuery query)
    {
        var keys = new string[table.RowCount];
        if (query.By is null)
        {
            Array.Fill(keys, GroupSums.AllRows);
            return keys;
        }
        var by = table[query.By];
        var declared = query.ByLevels?.ToHashSet(StringComparer.Ordinal);
        for (var r = 0; r < keys.Length; r++)
        {
            var value = by.RawValue(r);
            keys[r] = value is null ? StatisticsQuery.MissingGroup
                : declared is null || declared.Contains(value) ? value
                : StatisticsQuery.OtherGroup;
        }
        return keys;
    }

    private static List<string> GroupOrder(string[] keys, StatisticsQuery query, bool includeAllDeclared)
    {
        if (query.By is null) return [GroupSums.AllRows];
        var present = keys.ToHashSet(StringComparer.Ordinal);
        var levels = query.ByLevels
            ?? LevelOrder.Sort(present.Where(IsLevel));
        var order = new List<string>(levels) { StatisticsQuery.OtherGroup, StatisticsQuery.MissingGroup };
        return includeAllDeclared ? order : order.Where(present.Contains).ToList();
    }

    private static bool IsLevel(string key) => key is not (StatisticsQuery.MissingGroup or StatisticsQuery.OtherGroup);

    private static GroupSums Exact(DataTable table, StatisticsQuery query, string[] keys, string group)
    {
        var rows = 0;
        var columns = new List<ColumnSums>(query.Columns.Count);
        for (var r = 0; r < keys.Length; r++) if (keys[r] == group) rows++;
        foreach (var name in query.Columns)
        {
            var column = (NumericColumn)table[name];
            var range = query.RangeOf(name);
            var bins = new double[query.Bins];
            double missing = 0, sum = 0, squares = 0;
            for (var r = 0; r < keys.Length; r++)
            {
                if (keys[r] != group) continue;
                var value = column[r];
                if (double.IsNaN(value))
                {
                    missing++;
                    continue;
                }
                bins[range.Bin(value, query.Bins)]++;
                var centered = range.Clamp(value) - range.Center;
                sum += centered;
                squares += centered * centered;
            }
            columns.Add(new ColumnSums(name, missing, bins, sum, squares));
        }
        return new GroupSums(group, rows, columns);
    }

    private static GroupSums Noisy(GroupSums exact, StatisticsQuery query, StatisticsNoise noise)
    {
        var columns = exact.Columns.Select(c =>
        {
            var h = query.RangeOf(c.Column).HalfWidth;
            return new ColumnSums(
                c.Column,
                noise.Add(c.Missing, 1),
                c.Bins.Select(b => noise.Add(b, 1)).ToArray(),
                noise.Add(c.Sum, h),
                noise.Add(c.SumSquares, h * h));
        }).ToList();
        return new GroupSums(exact.Group, noise.Add(exact.Rows, 1), columns);
    }
}
