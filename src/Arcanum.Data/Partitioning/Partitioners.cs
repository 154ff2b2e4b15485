using Arcanum.Data.Tables;

namespace Arcanum.Data.Partitioning;

/// <summary>
/// Ways to spread rows over simulated sites. Each is deterministic for a seed (a <see cref="Random"/>
/// seeded with it) and puts every row in exactly one site. Synthetic sites are named site-1..site-N.
/// </summary>
public static class Partitioners
{
    /// <summary>How many fresh draws <see cref="Dirichlet"/> and <see cref="Quantity"/> make before giving up.</summary>
    public const int MaxAttempts = 1000;

    public const int DefaultMinRowsPerSite = 10;

    /// <summary>
    /// One site per value of a column (a real multi-site split such as PBC3's hospital <c>unit</c>), in
    /// value order (numeric when all values are numbers). A site is named by its value ("hospital-a"),
    /// the name a real site of that hospital would have, so a simulation and a network federation
    /// split and seed it alike; a value that is only a number is prefixed with the column ("unit=1").
    /// </summary>
    public static Partition ByColumn(DataTable table, string column)
    {
        ArgumentNullException.ThrowIfNull(table);
        var c = table[column];
        var missing = c.MissingCount;
        if (missing > 0)
            throw new ArgumentException($"Column '{column}' has no value in {missing} of {table.RowCount} rows, so they belong to no site; drop those rows or pick another site column.");
        var groups = Enumerable.Range(0, table.RowCount).GroupBy(r => c.RawValue(r)!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray());
        var sites = LevelOrder.Sort(groups.Keys).Select(v => new SiteRows(SiteName(column, v), groups[v])).ToArray();
        return new Partition(sites, table.RowCount);
    }

    private static string SiteName(string column, string value) =>
        value.Any(char.IsLetter) ? value : $"{column}={value}";

    /// <summary>Rows shuffled and dealt into sites of equal size (within one row).</summary>
    public static Partition Iid(int rows, int sites, int seed)
    {
        CheckSites(rows, sites, 1);
        var order = Enumerable.Range(0, rows).ToArray();
        new Random(seed).Shuffle(order);
        return Cut(order, Enumerable.Range(1, sites - 1).Select(i => (int)((long)i * rows / sites)).ToArray(), rows);
    }

    /// <summary>
    /// Label skew as in NIID-Bench (Li et al., 2022): for each class, proportions over sites are drawn from
    /// Dirichlet(alpha) (sites already holding more than rows/sites get none of that class) and the class's
    /// shuffled rows are cut by them. Small alpha (0.1) makes sites hold few classes; large alpha (100) is close to IID.
    /// Redrawn until every site has at least <paramref name="minRowsPerSite"/> rows.
    /// </summary>
    public static Partition Dirichlet(IReadOnlyList<int> labels, int classCount, int sites, double alpha, int seed, int minRowsPerSite = DefaultMinRowsPerSite)
    {
        ArgumentNullException.ThrowIfNull(labels);
        CheckConcentration(alpha, "alpha");
        CheckSites(labels.Count, sites, minRowsPerSite);
        if (classCount < 1) throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "Need at least one class.");
        var byClass = new List<int>[classCount];
        for (var k = 0; k < classCount; k++) byClass[k] = [];
        for (var i = 0; i < labels.Count; i++)
        {
            if (labels[i] < 0 || labels[i] >= classCount) throw new ArgumentException($"Label {labels[i]} of row {i} is outside 0..{classCount - 1}.", nameof(labels));
            byClass[labels[i]].Add(i);
        }
        var random = new Random(seed);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var batches = DrawLabelSkew(byClass, sites, alpha, random, labels.Count);
            if (batches.Min(b => b.Count) >= minRowsPerSite) return Named(batches, labels.Count);
        }
        throw new InvalidOperationException(
            $"Dirichlet split with alpha={alpha} over {sites} sites gave some site fewer than {minRowsPerSite} rows in {MaxAttempts} draws; use a larger alpha, fewer sites or a smaller minimum.");
    }

    /// <summary>Quantity skew as in NIID-Bench: site sizes proportional to a Dirichlet(beta) draw (redrawn until each site has <paramref name="minRowsPerSite"/>), rows shuffled.</summary>
    public static Partition Quantity(int rows, int sites, double beta, int seed, int minRowsPerSite = DefaultMinRowsPerSite)
    {
        CheckConcentration(beta, "beta");
        CheckSites(rows, sites, minRowsPerSite);
        var random = new Random(seed);
        var order = Enumerable.Range(0, rows).ToArray();
        random.Shuffle(order);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var cuts = CutPoints(Gamma.Dirichlet(random, sites, beta), rows);
            var sizes = cuts.Append(rows).Zip(cuts.Prepend(0), (end, start) => end - start);
            if (sizes.Min() >= minRowsPerSite) return Cut(order, cuts, rows);
        }
        throw new InvalidOperationException(
            $"Quantity split with beta={beta} over {sites} sites gave some site fewer than {minRowsPerSite} rows in {MaxAttempts} draws; use a larger beta, fewer sites or a smaller minimum.");
    }

    private static List<int>[] DrawLabelSkew(List<int>[] byClass, int sites, double alpha, Random random, int rows)
    {
        var batches = Enumerable.Range(0, sites).Select(_ => new List<int>()).ToArray();
        foreach (var members in byClass)
        {
            var idx = members.ToArray();
            random.Shuffle(idx);
            var p = Gamma.Dirichlet(random, sites, alpha);
            // NIID-Bench's balancing: a site that already has its share takes no more rows.
            var masked = p.Select((x, j) => batches[j].Count < (double)rows / sites ? x : 0).ToArray();
            if (masked.Sum() > 0) p = masked;
            var cuts = CutPoints(p, idx.Length);
            var start = 0;
            for (var j = 0; j < sites; j++)
            {
                var end = j < cuts.Length ? cuts[j] : idx.Length;
                batches[j].AddRange(idx[start..end]);
                start = end;
            }
        }
        return batches;
    }

    // floor(cumsum(p) * n), all but the last, as NIID-Bench cuts.
    private static int[] CutPoints(double[] p, int n)
    {
        var total = p.Sum();
        var cuts = new int[p.Length - 1];
        var acc = 0.0;
        for (var j = 0; j < cuts.Length; j++)
        {
            acc += p[j];
            cuts[j] = Math.Clamp((int)(acc / total * n), j == 0 ? 0 : cuts[j - 1], n);
        }
        return cuts;
    }

    private static Partition Cut(int[] order, int[] cuts, int rows)
    {
        var sites = new SiteRows[cuts.Length + 1];
        var start = 0;
        for (var j = 0; j < sites.Length; j++)
        {
            var end = j < cuts.Length ? cuts[j] : order.Length;
            sites[j] = new SiteRows(SiteName(j), order[start..end]);
            start = end;
        }
        return new Partition(sites, rows);
    }

    private static Partition Named(List<int>[] batches, int rows) =>
        new(batches.Select((b, j) => new SiteRows(SiteName(j), b.ToArray())).ToArray(), rows);

    private static string SiteName(int index) => $"site-{index + 1}";

    private static void CheckSites(int rows, int sites, int minRowsPerSite)
    {
        if (sites < 1) throw new ArgumentOutOfRangeException(nameof(sites), sites, "Need at least one site.");
        if (minRowsPerSite < 1) throw new ArgumentOutOfRangeException(nameof(minRowsPerSite), minRowsPerSite, "Every site needs at least one row.");
        if ((long)sites * minRowsPerSite > rows)
            throw new ArgumentException($"{rows} rows cannot give {sites} sites at least {minRowsPerSite} row{(minRowsPerSite > 1 ? "s" : "")} each; use fewer sites.");
    }

    private static void CheckConcentration(double value, string name)
    {
        if (!(value > 0) || !double.IsFinite(value))
            throw new ArgumentOutOfRangeException(name, value, $"The Dirichlet {name} must be a positive number, e.g. 0.5 (skewed) or 100 (nearly even).");
    }
}
