namespace Arcanum.Federated.Statistics;

/// <summary>
/// What a site sends to an aggregator it does not trust with small cells: its sums, restricted to what
/// its own release (<see cref="StatisticsRelease.ForSite"/>) shows. Without noise a withheld share is
/// sent as null, so the aggregator cannot undo the site's minimum count; with noise every number is
/// sent, since the noise (differential privacy) already covers each of them and the site's table is a
/// function of them.
/// </summary>
/// <param name="Site">The site's name.</param>
/// <param name="Groups">Sums per group, in the site's group order.</param>
/// <param name="EpsilonSpent">ε the query cost the site; 0 without noise.</param>
/// <param name="NoiseScale">Noise per unit of sensitivity; 0 without noise.</param>
public sealed record ReleasedSums(
    string Site, IReadOnlyList<ReleasedGroup> Groups, double EpsilonSpent, double NoiseScale)
{
    /// <summary>Whether every share is here (a noisy site, or one that withheld nothing).</summary>
    public bool IsComplete => Groups.All(g => g.Rows is not null && g.Columns.All(c =>
        c.Missing is not null && c.Sum is not null && c.SumSquares is not null && c.Bins.All(b => b is not null)));

    /// <summary>
    /// The sums a site may send next to <paramref name="released"/>, its own table of the same sums: all
    /// of them when they carry noise; otherwise only the numbers that table shows (a group's rows when
    /// any of its rows shows them, the missing count and bins that are shown, the sums when the mean is).
    /// </summary>
    public static ReleasedSums From(SiteSums sums, StatisticsTable released)
    {
        ArgumentNullException.ThrowIfNull(sums);
        ArgumentNullException.ThrowIfNull(released);
        var noisy = sums.NoiseScale > 0;
        var groups = sums.Groups.Select(g =>
        {
            var rows = released.Rows.Where(r => r.Group == g.Group).ToList();
            var columns = g.Columns.Select(c =>
            {
                var row = rows.FirstOrDefault(r => r.Column == c.Column);
                if (noisy)
                    return new ReleasedColumn(c.Column, c.Missing, [.. c.Bins.Select(b => (double?)b)], c.Sum, c.SumSquares);
                if (row is null) return new ReleasedColumn(c.Column, null, new double?[c.Bins.Length], null, null);
                var sumsShown = row.Mean.IsReleased
                                || (row.Mean.Status == CellStatus.Undefined && row.Count.IsReleased);
                return new ReleasedColumn(
                    c.Column,
                    row.Missing.IsReleased ? c.Missing : null,
                    [.. c.Bins.Select((b, i) => row.Histogram[i].IsReleased ? b : (double?)null)],
                    sumsShown ? c.Sum : null,
                    sumsShown ? c.SumSquares : null);
            }).ToList();
            var rowsShown = noisy || rows.Any(r => r.Rows.IsReleased);
            return new ReleasedGroup(g.Group, rowsShown ? g.Rows : null, columns);
        }).ToList();
        return new ReleasedSums(sums.Site, groups, sums.EpsilonSpent, sums.NoiseScale);
    }

    /// <summary>The sums with every withheld share as 0: only for merging, next to the mask of the unknown.</summary>
    internal SiteSums Filled() => new(Site, Groups.Select(g => new GroupSums(g.Group, g.Rows ?? 0,
        g.Columns.Select(c => new ColumnSums(c.Column, c.Missing ?? 0, [.. c.Bins.Select(b => b ?? 0)],
            c.Sum ?? 0, c.SumSquares ?? 0)).ToList())).ToList(), EpsilonSpent, NoiseScale);

    public override string ToString() => $"ReleasedSums({Site}, {Groups.Count} groups)";
}
