namespace Arcanum.Bench;

/// <summary>
/// The bundled Pima table (768 rows, 8 numeric features) cut into per-site CSVs with a
/// <c>hospital</c> column (row i goes to site i mod n), plus the pooled file the simulator splits
/// by that column. <c>copies</c> repeats every row (each copy stays at its row's site) to give
/// training more work; <c>maxRows</c> keeps only the first rows to give it less.
/// </summary>
internal sealed record SiteTables(string Dataset, string PooledCsv, IReadOnlyDictionary<string, string> SiteCsv, int Rows)
{
    public const string SiteColumn = "hospital";

    public static SiteTables Write(string directory, string dataset, IReadOnlyList<string> sites, int copies, int? maxRows = null)
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "data", "pima_diabetes.csv"));
        var header = lines[0] + $",\"{SiteColumn}\"";
        var source = lines.Skip(1).Where(l => l.Length > 0).Take(maxRows ?? int.MaxValue).ToList();
        var pooled = new List<string> { header };
        var perSite = sites.ToDictionary(s => s, _ => new List<string> { header }, StringComparer.Ordinal);
        for (var copy = 0; copy < copies; copy++)
        {
            for (var i = 0; i < source.Count; i++)
            {
                var site = sites[i % sites.Count];
                var row = $"{source[i]},\"{site}\"";
                pooled.Add(row);
                perSite[site].Add(row);
            }
        }
        var pooledPath = Path.Combine(directory, $"{dataset}-pooled.csv");
        File.WriteAllLines(pooledPath, pooled);
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (site, rows) in perSite)
        {
            paths[site] = Path.Combine(directory, $"{dataset}-{site}.csv");
            File.WriteAllLines(paths[site], rows);
        }
        return new SiteTables(dataset, pooledPath, paths, pooled.Count - 1);
    }

    public int RowsPerSite => Rows / SiteCsv.Count;
}
