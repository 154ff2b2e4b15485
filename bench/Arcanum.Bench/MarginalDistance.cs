using Arcanum.Data.Tables;

namespace Arcanum.Bench;

/// <summary>
/// Mean total-variation distance over every 2-way and 3-way marginal of two tables with the same columns:
/// numbers and dates cut into 10 bins at a reference table's deciles, categories by level, missing as its
/// own cell; identifiers are left out. 0 = the same marginals, 1 = disjoint.
/// </summary>
internal static class MarginalDistance
{
    private const int Bins = 10;

    public static (double TwoWay, double ThreeWay) Mean(DataTable reference, DataTable first, DataTable second)
    {
        var columns = reference.Columns.Where(c => c.Type != ColumnType.Identifier).Select(c => c.Name).ToArray();
        var a = Codes(reference, first, columns);
        var b = Codes(reference, second, columns);
        var pairs = new List<double>();
        var triples = new List<double>();
        for (var i = 0; i < columns.Length; i++)
        {
            for (var j = i + 1; j < columns.Length; j++)
            {
                pairs.Add(Tvd(a, b, [i, j]));
                for (var k = j + 1; k < columns.Length; k++) triples.Add(Tvd(a, b, [i, j, k]));
            }
        }
        return (pairs.Count > 0 ? pairs.Average() : double.NaN, triples.Count > 0 ? triples.Average() : double.NaN);
    }

    private static double Tvd(int[][] a, int[][] b, int[] columns)
    {
        var p = Frequencies(a, columns);
        var q = Frequencies(b, columns);
        var keys = p.Keys.Union(q.Keys);
        return 0.5 * keys.Sum(k => Math.Abs(p.GetValueOrDefault(k) - q.GetValueOrDefault(k)));
    }

    private static Dictionary<long, double> Frequencies(int[][] codes, int[] columns)
    {
        var rows = codes[0].Length;
        var counts = new Dictionary<long, double>();
        for (var r = 0; r < rows; r++)
        {
            long key = 0;
            foreach (var c in columns) key = key * 1_000_003 + codes[c][r];
            counts[key] = counts.GetValueOrDefault(key) + 1.0 / rows;
        }
        return counts;
    }

    /// <summary>Each column's cell per row: a decile bin of the reference (numbers), the level's index in the reference (categories), -1 when missing.</summary>
    private static int[][] Codes(DataTable reference, DataTable table, string[] columns) => [.. columns.Select(name =>
    {
        var real = reference[name];
        var column = table[name];
        var codes = new int[table.RowCount];
        if (real is NumericColumn numbers && column is NumericColumn values)
        {
            var sorted = numbers.Values.Where(v => !double.IsNaN(v)).Order().ToArray();
            var edges = Enumerable.Range(1, Bins - 1).Select(k => sorted.Length == 0 ? 0 : sorted[k * (sorted.Length - 1) / Bins]).Distinct().ToArray();
            for (var r = 0; r < codes.Length; r++)
            {
                var v = values[r];
                if (double.IsNaN(v)) { codes[r] = -1; continue; }
                var index = Array.BinarySearch(edges, v);
                codes[r] = index >= 0 ? index + 1 : ~index;
            }
            return codes;
        }
        var levels = ((CategoricalColumn)real).Levels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i, StringComparer.Ordinal);
        var categorical = (CategoricalColumn)column;
        for (var r = 0; r < codes.Length; r++)
        {
            var code = categorical.Code(r);
            codes[r] = code < 0 ? -1 : levels.GetValueOrDefault(categorical.Levels[code], -2);
        }
        return codes;
    })];
}
