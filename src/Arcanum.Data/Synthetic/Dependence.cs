using Arcanum.Data.Tables;

namespace Arcanum.Data.Synthetic;

/// <summary>Distribution distances and dependence measures on single tables' columns, as pure functions.</summary>
internal static class Dependence
{
    public const string Pearson = "pearson";
    public const string CramersV = "cramers_v";
    public const string Eta = "eta";

    /// <summary>
    /// Two-sample Kolmogorov–Smirnov D = max |F1 − F2| over the pooled values, NaN excluded; exact
    /// (ties handled by stepping past every equal value). 0 when both samples are empty, 1 when only one is.
    /// </summary>
    public static double KolmogorovSmirnov(IReadOnlyList<double> first, IReadOnlyList<double> second)
    {
        var a = Present(first);
        var b = Present(second);
        if (a.Length == 0 || b.Length == 0) return a.Length == b.Length ? 0 : 1;
        int i = 0, j = 0;
        double d = 0;
        while (i < a.Length && j < b.Length)
        {
            var x = Math.Min(a[i], b[j]);
            while (i < a.Length && a[i] == x) i++;
            while (j < b.Length && b[j] == x) j++;
            d = Math.Max(d, Math.Abs((double)i / a.Length - (double)j / b.Length));
        }
        return d;
    }

    /// <summary>Total variation distance ½ Σ |p − q| over the levels of either column; missing is a level of its own.</summary>
    public static double TotalVariation(CategoricalColumn first, CategoricalColumn second)
    {
        var p = Frequencies(first);
        var q = Frequencies(second);
        double sum = 0;
        foreach (var level in p.Keys.Union(q.Keys))
        {
            sum += Math.Abs(p.GetValueOrDefault(level) - q.GetValueOrDefault(level));
        }
        return Math.Min(1, sum / 2);
    }

    /// <summary>Pearson correlation over rows where both are present; null when fewer than 2 such rows or a constant column.</summary>
    public static double? PearsonCorrelation(NumericColumn x, NumericColumn y)
    {
        double n = 0, sx = 0, sy = 0;
        for (var r = 0; r < x.Length; r++)
        {
            if (x.IsMissing(r) || y.IsMissing(r)) continue;
            n++; sx += x[r]; sy += y[r];
        }
        if (n < 2) return null;
        double mx = sx / n, my = sy / n, sxx = 0, syy = 0, sxy = 0;
        for (var r = 0; r < x.Length; r++)
        {
            if (x.IsMissing(r) || y.IsMissing(r)) continue;
            double dx = x[r] - mx, dy = y[r] - my;
            sxx += dx * dx; syy += dy * dy; sxy += dx * dy;
        }
        if (sxx <= 0 || syy <= 0) return null;
        return Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1, 1);
    }

    /// <summary>
    /// Cramér's V = √(χ² / (n · (min(r, c) − 1))) without bias correction, over rows where both are present
    /// and the levels those rows use; null when either column shows fewer than 2 levels.
    /// </summary>
    public static double? CramersVOf(CategoricalColumn x, CategoricalColumn y)
    {
        var counts = new Dictionary<(int, int), int>();
        var rowTotals = new Dictionary<int, int>();
        var columnTotals = new Dictionary<int, int>();
        var n = 0;
        for (var r = 0; r < x.Length; r++)
        {
            int a = x.Code(r), b = y.Code(r);
            if (a < 0 || b < 0) continue;
            counts[(a, b)] = counts.GetValueOrDefault((a, b)) + 1;
            rowTotals[a] = rowTotals.GetValueOrDefault(a) + 1;
            columnTotals[b] = columnTotals.GetValueOrDefault(b) + 1;
            n++;
        }
        var k = Math.Min(rowTotals.Count, columnTotals.Count);
        if (k < 2) return null;
        double chi2 = 0;
        foreach (var (a, ra) in rowTotals)
        {
            foreach (var (b, cb) in columnTotals)
            {
                var expected = (double)ra * cb / n;
                var observed = counts.GetValueOrDefault((a, b));
                chi2 += (observed - expected) * (observed - expected) / expected;
            }
        }
        return Math.Clamp(Math.Sqrt(chi2 / (n * (k - 1))), 0, 1);
    }

    /// <summary>Correlation ratio η = √(SS between groups / SS total) over rows where both are present; null when the numbers are constant.</summary>
    public static double? CorrelationRatio(NumericColumn values, CategoricalColumn groups)
    {
        var sums = new Dictionary<int, (double Sum, int Count)>();
        double total = 0;
        var n = 0;
        for (var r = 0; r < values.Length; r++)
        {
            if (values.IsMissing(r) || groups.IsMissing(r)) continue;
            var g = sums.GetValueOrDefault(groups.Code(r));
            sums[groups.Code(r)] = (g.Sum + values[r], g.Count + 1);
            total += values[r];
            n++;
        }
        if (n < 2) return null;
        var mean = total / n;
        double ssTotal = 0;
        for (var r = 0; r < values.Length; r++)
        {
            if (values.IsMissing(r) || groups.IsMissing(r)) continue;
            ssTotal += (values[r] - mean) * (values[r] - mean);
        }
        if (ssTotal <= 0) return null;
        var ssBetween = sums.Values.Sum(g => g.Count * (g.Sum / g.Count - mean) * (g.Sum / g.Count - mean));
        return Math.Clamp(Math.Sqrt(ssBetween / ssTotal), 0, 1);
    }

    private static double[] Present(IReadOnlyList<double> values)
    {
        var present = values.Where(v => !double.IsNaN(v)).ToArray();
        Array.Sort(present);
        return present;
    }

    /// <summary>Level text → share of rows; missing under a marker key so it is a level of its own.</summary>
    private static Dictionary<string, double> Frequencies(CategoricalColumn column)
    {
        const string missing = "\0missing";
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var r = 0; r < column.Length; r++)
        {
            var key = column.RawValue(r) ?? missing;
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        return counts.ToDictionary(c => c.Key, c => (double)c.Value / column.Length, StringComparer.Ordinal);
    }
}
