namespace Arcanum.Federated.Statistics;

/// <summary>
/// What the requester may see: each site's sums with its own guards applied, and the global sums
/// with the same guards applied again.
/// </summary>
/// <remarks>
/// Subtraction between the global and the site tables: a global count is the sum of the site counts,
/// so releasing it next to the sites' released counts gives away the sum of the withheld ones. A global
/// cell is therefore released only when the part the sites withheld is 0, or at least the minimum count
/// and pooled from at least two sites (never one site's withheld share on its own), and the global
/// missing-plus-histogram counts get the same secondary suppression a site's do, counting only those
/// private parts. What this does not stop: differencing across several queries (a query with and without
/// a group), linear combinations across columns, or sites that collude. Only the noise (ε) covers those.
/// </remarks>
public static class StatisticsRelease
{
    /// <summary>A site's table: its sums behind its own minimum count.</summary>
    public static StatisticsTable ForSite(SiteSums sums, StatisticsQuery query, SitePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(sums);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(policy);
        var k = policy.MinCellCount;
        var notes = new List<string>();
        var rows = new List<StatisticsRow>();
        foreach (var g in sums.Groups)
        {
            var groupRows = RowRelease.Round(g.Rows);
            foreach (var c in g.Columns)
            {
                var cells = Counts(c).Select(Part.Own).ToList();
                var count = Math.Max(0, groupRows - cells[0].Value);
                rows.Add(RowRelease.Build(g.Group, c.Column, query, k,
                    Part.Own(groupRows), cells, Part.Own(count), c.Sum, c.SumSquares, notes));
            }
        }
        if (rows.Count > 0 && rows.All(r => !r.Rows.IsReleased))
            notes.Insert(0, $"Every group is below the minimum count of {k}; nothing was released.");
        return new StatisticsTable(sums.Site, k, sums.EpsilonSpent, sums.NoiseScale, rows, Distinct(notes));
    }

    /// <summary>
    /// The global table from every site's sums (summed here; the engine may sum them securely) and
    /// the site tables the requester also sees, behind <paramref name="minCellCount"/> (the largest
    /// of the sites' minimums, so no site's rule is weakened).
    /// </summary>
    public static StatisticsTable Global(
        IReadOnlyList<SiteSums> sites, IReadOnlyList<StatisticsTable> siteTables, StatisticsQuery query,
        int minCellCount)
    {
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentNullException.ThrowIfNull(siteTables);
        ArgumentNullException.ThrowIfNull(query);
        var tables = siteTables.ToDictionary(t => t.Source, StringComparer.Ordinal);
        var notes = new List<string>();
        var rows = new List<StatisticsRow>();
        foreach (var g in SiteSums.Add(sites, query))
        {
            for (var ci = 0; ci < query.Columns.Count; ci++)
            {
                var column = query.Columns[ci];
                var rowsPart = new Part(RowRelease.Round(g.Rows), 0, 0);
                var cells = Counts(g.Columns[ci]).Select(v => new Part(v, 0, 0)).ToArray();
                var countPart = new Part(Math.Max(0, rowsPart.Value - cells[0].Value), 0, 0);
                foreach (var site in sites)
                {
                    var share = site.Groups.FirstOrDefault(s => s.Group == g.Group);
                    if (share is null) continue;
                    var released = tables.TryGetValue(site.Site, out var t)
                        ? t.Rows.FirstOrDefault(r => r.Group == g.Group && r.Column == column)
                        : null;
                    var siteRows = RowRelease.Round(share.Rows);
                    var siteCells = Counts(share.Columns[ci]);
                    if (released is null || !released.Rows.IsReleased) rowsPart = Hide(rowsPart, siteRows);
                    if (released is null || !released.Missing.IsReleased) cells[0] = Hide(cells[0], siteCells[0]);
                    for (var b = 1; b < cells.Length; b++)
                    {
                        if (released is null || !released.Histogram[b - 1].IsReleased)
                            cells[b] = Hide(cells[b], siteCells[b]);
                    }
                    if (released is null || released.Mean.Status == CellStatus.Withheld)
                        countPart = Hide(countPart, Math.Max(0, siteRows - siteCells[0]));
                }
                var c = g.Columns[ci];
                rows.Add(RowRelease.Build(g.Group, column, query, minCellCount,
                    rowsPart, cells, countPart, c.Sum, c.SumSquares, notes));
            }
        }
        var epsilon = sites.Count == 0 ? 0 : sites.Max(s => s.EpsilonSpent);
        var scale = sites.Count == 0 ? 0 : sites.Max(s => s.NoiseScale);
        return new StatisticsTable(StatisticsTable.GlobalSource, minCellCount, epsilon, scale, rows, Distinct(notes));
    }

    /// <summary>Site tables and the global table for sums that have already been computed at each site.</summary>
    public static StatisticsReport Report(
        IReadOnlyList<SiteSums> sites, StatisticsQuery query, IReadOnlyDictionary<string, SitePolicy> policies)
    {
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentNullException.ThrowIfNull(policies);
        var tables = sites.Select(s => ForSite(s, query, Policy(policies, s.Site))).ToList();
        var k = sites.Count == 0
            ? SitePolicy.DefaultMinCellCount
            : sites.Max(s => Policy(policies, s.Site).MinCellCount);
        return new StatisticsReport(query, tables, Global(sites, tables, query, k));
    }

    /// <summary>Missing count then histogram counts, rounded as released.</summary>
    private static double[] Counts(ColumnSums c) => [RowRelease.Round(c.Missing), .. c.Bins.Select(RowRelease.Round)];

    private static Part Hide(Part part, double share) =>
        share == 0 ? part : part with { Private = part.Private + share, Sources = part.Sources + 1 };

    private static SitePolicy Policy(IReadOnlyDictionary<string, SitePolicy> policies, string site) =>
        policies.TryGetValue(site, out var p)
            ? p
            : throw new StatisticsException($"No policy was given for site '{site}'.");

    private static List<string> Distinct(List<string> notes) => notes.Distinct(StringComparer.Ordinal).ToList();
}
