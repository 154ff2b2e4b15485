using System.Collections;

namespace Arcanum.Data.Partitioning;

/// <summary>An assignment of rows to sites in which every row lands in exactly one site.</summary>
public sealed class Partition : IReadOnlyList<SiteRows>
{
    private readonly SiteRows[] _sites;

    /// <exception cref="ArgumentException">Site names repeat, or a row is outside 0..rowCount-1, appears twice or nowhere.</exception>
    public Partition(IReadOnlyList<SiteRows> sites, int rowCount)
    {
        ArgumentNullException.ThrowIfNull(sites);
        if (sites.Count == 0) throw new ArgumentException("A partition needs at least one site.", nameof(sites));
        var seen = new bool[rowCount];
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var site in sites)
        {
            if (!names.Add(site.SiteName)) throw new ArgumentException($"Site name '{site.SiteName}' appears twice.", nameof(sites));
            foreach (var r in site.Rows)
            {
                if (r < 0 || r >= rowCount) throw new ArgumentException($"Site '{site.SiteName}' holds row {r}, outside 0..{rowCount - 1}.", nameof(sites));
                if (seen[r]) throw new ArgumentException($"Row {r} is in more than one site.", nameof(sites));
                seen[r] = true;
            }
        }
        var unassigned = Array.IndexOf(seen, false);
        if (unassigned >= 0) throw new ArgumentException($"Row {unassigned} is in no site.", nameof(sites));
        _sites = sites.Select(s => s with { Rows = s.Rows.Order().ToArray() }).ToArray();
        RowCount = rowCount;
    }

    public int RowCount { get; }

    /// <summary>The sites in order; the partition itself is also this list.</summary>
    public IReadOnlyList<SiteRows> Sites => _sites;

    public int Count => _sites.Length;

    public SiteRows this[int index] => _sites[index];

    public IReadOnlyList<string> SiteNames => _sites.Select(s => s.SiteName).ToArray();

    public IEnumerator<SiteRows> GetEnumerator() => ((IEnumerable<SiteRows>)_sites).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"Partition({RowCount} rows over {Count} sites: {string.Join(", ", _sites.Select(s => s.Rows.Length))})";
}
