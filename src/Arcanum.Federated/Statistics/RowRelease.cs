namespace Arcanum.Federated.Statistics;

/// <summary>Turns the guarded parts of one group and column into a released row, for sites and global alike.</summary>
internal static class RowRelease
{
    /// <summary>
    /// One row. <paramref name="cells"/> holds the missing count then one count per bin;
    /// <paramref name="count"/> the rows with a value, which means, variances and quantiles come from;
    /// <paramref name="notes"/> receives a sentence for each thing withheld.
    /// </summary>
    public static StatisticsRow Build(
        string group, string column, StatisticsQuery query, int k,
        Part rows, IReadOnlyList<Part> cells, Part count, double sum, double squares, List<string> notes)
    {
        var bins = query.Bins;
        var where = Where(group, column);
        if (CellGuard.Withhold(rows, k))
        {
            notes.Add($"{where}: the group has fewer than {k} rows, or its count would reveal a withheld one; " +
                "nothing released.");
            return AllWithheld(group, column, query);
        }
        var withheld = new bool[cells.Count];
        if (!CellGuard.WithholdSet(cells, k, withheld))
        {
            notes.Add($"{where}: its small counts could not be hidden from subtraction; nothing released.");
            return AllWithheld(group, column, query);
        }
        var shown = withheld.Count(w => w);
        if (shown > 0)
            notes.Add(
                $"{where}: {shown} of {cells.Count} counts withheld (below {k}, or revealing one by subtraction).");

        var missing = withheld[0] ? Cell.Withheld : Cell.Of(cells[0].Value);
        var histogram = Enumerable.Range(1, bins)
            .Select(b => withheld[b] ? Cell.Withheld : Cell.Of(cells[b].Value)).ToList();
        var n = count.Value;
        var countCell = missing.IsReleased ? Cell.Of(n) : Cell.Withheld;

        Cell mean, variance;
        IReadOnlyList<QuantileEstimate> quantiles;
        var range = query.RangeOf(column);
        if (n == 0)
        {
            (mean, variance) = (Cell.Undefined, Cell.Undefined);
            quantiles = Quantiles(query, Cell.Undefined);
        }
        else if (CellGuard.Withhold(count, k))
        {
            notes.Add(
                $"{where}: mean, variance and quantiles withheld (from fewer than {k} values, or revealing such).");
            (mean, variance) = (Cell.Withheld, Cell.Withheld);
            quantiles = Quantiles(query, Cell.Withheld);
        }
        else
        {
            mean = Cell.Of(range.Clamp(range.Center + sum / n));
            variance = n < 2 ? Cell.Undefined : Cell.Of(Math.Max(0, (squares - sum * sum / n) / (n - 1)));
            var counts = cells.Skip(1).Select(c => c.Value).ToArray();
            quantiles = query.QuantilesWanted.Select(p => Quantile(p, counts, range)).ToList();
        }
        return new StatisticsRow(
            group, column, Cell.Of(rows.Value), countCell, missing, mean, variance, histogram, quantiles);
    }

    /// <summary>How a note names a row: "'age'", or "'age' in group 'F'".</summary>
    public static string Where(string group, string column) =>
        group == GroupSums.AllRows ? $"'{column}'" : $"'{column}' in group '{group}'";

    /// <summary>A count as released: noise rounded to a whole number and floored at 0 (post-processing).</summary>
    public static double Round(double value) => Math.Max(0, Math.Round(value, MidpointRounding.ToEven));

    /// <summary>The midpoint of the first bin where the cumulative count reaches p·total.</summary>
    private static QuantileEstimate Quantile(double p, double[] counts, ValueRange range)
    {
        var total = counts.Sum();
        if (total == 0) return new QuantileEstimate(p, Cell.Undefined, 0, false);
        var bins = counts.Length;
        double cumulative = 0;
        var j = bins - 1;
        for (var b = 0; b < bins; b++)
        {
            cumulative += counts[b];
            if (cumulative >= p * total)
            {
                j = b;
                break;
            }
        }
        var mid = 0.5 * (range.Edge(j, bins) + range.Edge(j + 1, bins));
        return new QuantileEstimate(p, Cell.Of(mid), 0.5 * range.Width / bins, j == 0 || j == bins - 1);
    }

    public static StatisticsRow AllWithheld(string group, string column, StatisticsQuery query) =>
        new(group, column, Cell.Withheld, Cell.Withheld, Cell.Withheld, Cell.Withheld, Cell.Withheld,
            Enumerable.Repeat(Cell.Withheld, query.Bins).ToList(),
            Quantiles(query, Cell.Withheld));

    public static List<QuantileEstimate> Quantiles(StatisticsQuery query, Cell value) =>
        query.QuantilesWanted.Select(p => new QuantileEstimate(p, value, 0, false)).ToList();
}
