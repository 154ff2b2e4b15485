namespace Arcanum.Federated.Statistics;

/// <summary>
/// The report an aggregator builds from what sites sent it (<see cref="ReleasedSums"/> and each site's
/// own table): the site tables as the sites released them, and the global table with the guards of
/// <see cref="StatisticsRelease.Global"/> applied again.
/// </summary>
/// <remarks>
/// A share a site withheld never reached the aggregator, so a global number that needs it is withheld
/// too, whatever its size; the requester is told why. That is stricter than the simulator, which pools
/// withheld shares of two or more sites when their sum reaches the minimum count: it is the price of
/// not trusting the aggregator with small cells. When no share is missing (noisy sites, or sites that
/// withheld nothing) the global table is exactly <see cref="StatisticsRelease.Global"/>'s.
/// </remarks>
public static class ReleasedGlobal
{
    /// <summary>
    /// Site tables and the global table, behind the largest of the sites' minimum counts.
    /// </summary>
    /// <param name="sites">Each answering site's sums and its own released table, in report order.</param>
    /// <param name="query">The query every site answered.</param>
    public static StatisticsReport Report(
        IReadOnlyList<(ReleasedSums Sums, StatisticsTable Table)> sites, StatisticsQuery query)
    {
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentNullException.ThrowIfNull(query);
        if (sites.Count == 0) throw new StatisticsException("No site answered the query.");
        var tables = sites.Select(s => s.Table).ToList();
        var k = tables.Max(t => t.MinCellCount);
        var global = StatisticsRelease.Global(sites.Select(s => s.Sums.Filled()).ToList(), tables, query, k);
        if (sites.All(s => s.Sums.IsComplete)) return new StatisticsReport(query, tables, global);

        var notes = global.Notes.ToList();
        var rows = global.Rows.Select(row =>
        {
            var unknown = Unknown(sites.Select(s => s.Sums), row.Group, row.Column, query);
            if (!unknown.Any) return row;
            var where = RowRelease.Where(row.Group, row.Column);
            notes.RemoveAll(n => n.StartsWith(where + ":", StringComparison.Ordinal));
            notes.Add($"{where}: withheld wherever a site withheld its share (the server never receives one), " +
                $"and below {k}.");
            return Mask(row, unknown, query);
        }).ToList();
        return new StatisticsReport(query, tables, global with { Rows = rows, Notes = notes });
    }

    private sealed record Shares(bool Rows, bool Missing, bool[] Bins, bool Sums)
    {
        public bool Any => Rows || Missing || Sums || Bins.Any(b => b);
    }

    /// <summary>Which of a global row's numbers lack a share some site withheld.</summary>
    private static Shares Unknown(IEnumerable<ReleasedSums> sites, string group, string column, StatisticsQuery query)
    {
        var unknown = new Shares(false, false, new bool[query.Bins], false);
        foreach (var site in sites)
        {
            var g = site.Groups.FirstOrDefault(x => x.Group == group);
            var c = g?.Columns.FirstOrDefault(x => x.Column == column);
            if (g is null || c is null) continue;
            for (var b = 0; b < unknown.Bins.Length; b++) unknown.Bins[b] |= c.Bins[b] is null;
            unknown = unknown with
            {
                Rows = unknown.Rows || g.Rows is null,
                Missing = unknown.Missing || c.Missing is null,
                Sums = unknown.Sums || c.Sum is null || c.SumSquares is null,
            };
        }
        return unknown;
    }

    private static StatisticsRow Mask(StatisticsRow row, Shares unknown, StatisticsQuery query)
    {
        if (unknown.Rows) return RowRelease.AllWithheld(row.Group, row.Column, query);
        var histogram = row.Histogram.Select((cell, b) => unknown.Bins[b] ? Cell.Withheld : cell).ToList();
        var count = unknown.Missing ? Cell.Withheld : row.Count;
        // Without the missing count the value count is unknown, so even "undefined" (no values) is not known.
        Cell Summary(Cell cell) => unknown.Missing || (unknown.Sums && cell.Status != CellStatus.Undefined)
            ? Cell.Withheld
            : cell;
        var quantiles = unknown.Missing || unknown.Bins.Any(b => b)
            ? RowRelease.Quantiles(query, Cell.Withheld)
            : row.Quantiles.ToList();
        return row with
        {
            Count = count,
            Missing = unknown.Missing ? Cell.Withheld : row.Missing,
            Mean = Summary(row.Mean),
            Variance = Summary(row.Variance),
            Histogram = histogram,
            Quantiles = quantiles,
        };
    }
}
