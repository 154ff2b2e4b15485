using System.Globalization;
using Arcanum.Data.Tables;

namespace Arcanum.Synthesis.Evaluation;

/// <summary>Builds <see cref="ColumnMarginal"/>s: equal-width bins over the real range for numbers and dates, the most frequent real levels for categories.</summary>
internal static class Marginals
{
    public const int Bins = 20;
    public const int TopLevels = 20;

    /// <summary>Whole-number columns spanning at most this many values get one bar per value.</summary>
    private const int MaxIntegerBars = 25;

    public static ColumnMarginal Compute(Column real, Column synthetic) => (real, synthetic) switch
    {
        (NumericColumn r, NumericColumn s) => Histogram(r, s),
        (CategoricalColumn r, CategoricalColumn s) => Levels(r, s),
        _ => throw new ArgumentException($"Column '{real.Name}' is {real.Type} in the real table but {synthetic.Type} in the synthetic one."),
    };

    private static ColumnMarginal Histogram(NumericColumn real, NumericColumn synthetic)
    {
        var realValues = Present(real);
        var syntheticValues = Present(synthetic);
        var (realMissing, syntheticMissing) = (Share(real.MissingCount, real.Length), Share(synthetic.MissingCount, synthetic.Length));
        if (realValues.Length == 0)
            return new ColumnMarginal(real.Name, real.Type, [], [], [], [], realMissing, syntheticMissing, "The real column has no values to plot.");
        var min = realValues.Min();
        var max = realValues.Max();
        double[] edges;
        if (real.Type == ColumnType.Integer && max - min + 1 <= MaxIntegerBars)
            edges = [.. Enumerable.Range(0, (int)(max - min) + 2).Select(i => min - 0.5 + i)];
        else if (max == min)
            edges = [min - 0.5, max + 0.5];
        else
            edges = [.. Enumerable.Range(0, Bins + 1).Select(i => min + (max - min) * i / Bins)];
        var bars = edges.Length - 1;
        var realShares = Count(realValues, edges);
        var syntheticShares = Count(syntheticValues, edges);
        var outside = syntheticValues.Count(v => v < edges[0] || v > edges[^1]);
        var labels = Enumerable.Range(0, bars).Select(i => BinLabel(real.Type, edges, i)).ToArray();
        var note = outside == 0 ? null : Invariant($"{Percent.Of(Share(outside, syntheticValues.Length))} of synthetic values lie outside the real range {Format(real.Type, min)} – {Format(real.Type, max)} and are not drawn.");
        return new ColumnMarginal(real.Name, real.Type, labels, edges, realShares, syntheticShares, realMissing, syntheticMissing, note);
    }

    private static double[] Count(double[] values, double[] edges)
    {
        var bars = edges.Length - 1;
        var counts = new double[bars];
        foreach (var v in values)
        {
            if (v < edges[0] || v > edges[^1]) continue;
            var bin = (int)Math.Floor((v - edges[0]) / (edges[^1] - edges[0]) * bars);
            counts[Math.Clamp(bin, 0, bars - 1)]++;
        }
        for (var i = 0; i < bars; i++) counts[i] = Share(counts[i], values.Length);
        return counts;
    }

    private static ColumnMarginal Levels(CategoricalColumn real, CategoricalColumn synthetic)
    {
        var realCounts = Counts(real);
        var syntheticCounts = Counts(synthetic);
        var realTotal = realCounts.Values.Sum();
        var syntheticTotal = syntheticCounts.Values.Sum();
        var top = realCounts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(TopLevels).Select(c => c.Key).ToList();
        var labels = new List<string>(top);
        var realShares = top.Select(l => Share(realCounts[l], realTotal)).ToList();
        var syntheticShares = top.Select(l => Share(syntheticCounts.GetValueOrDefault(l), syntheticTotal)).ToList();
        var others = realCounts.Keys.Union(syntheticCounts.Keys).Except(top).ToList();
        string? note = null;
        if (others.Count > 0)
        {
            labels.Add(Invariant($"other ({others.Count} levels)"));
            realShares.Add(Share(others.Sum(l => realCounts.GetValueOrDefault(l)), realTotal));
            syntheticShares.Add(Share(others.Sum(l => syntheticCounts.GetValueOrDefault(l)), syntheticTotal));
            var syntheticOnly = syntheticCounts.Keys.Count(l => !realCounts.ContainsKey(l));
            note = Invariant($"The {top.Count} most frequent real levels are drawn; \"other\" gathers the rest") +
                   (syntheticOnly > 0 ? Invariant($", including {syntheticOnly} levels that only the synthetic table has.") : ".");
        }
        return new ColumnMarginal(real.Name, real.Type, labels, null, realShares, syntheticShares,
            Share(real.MissingCount, real.Length), Share(synthetic.MissingCount, synthetic.Length), note);
    }

    private static Dictionary<string, int> Counts(CategoricalColumn column)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var r = 0; r < column.Length; r++)
        {
            if (column.RawValue(r) is { } v) counts[v] = counts.GetValueOrDefault(v) + 1;
        }
        return counts;
    }

    private static double[] Present(NumericColumn column) => column.Values.Where(v => !double.IsNaN(v)).ToArray();

    private static double Share(double count, double total) => total == 0 ? 0 : count / total;

    private static string BinLabel(ColumnType type, double[] edges, int i)
    {
        if (type == ColumnType.Integer && edges[1] - edges[0] == 1) return Format(type, edges[i] + 0.5);
        if (edges.Length == 2 && type != ColumnType.Date) return Format(type, (edges[0] + edges[1]) / 2);
        return $"{Format(type, edges[i])} – {Format(type, edges[i + 1])}";
    }

    /// <summary>A number in at most 4 significant digits, a date as yyyy-MM-dd.</summary>
    public static string Format(ColumnType type, double value) => type == ColumnType.Date
        ? DateTime.UnixEpoch.AddDays(Math.Clamp(value, -700_000, 2_900_000)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : value.ToString("G4", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
