using System.Globalization;
using Arcanum.Data.Tables;

namespace Arcanum.Data.Synthetic;

/// <summary>
/// How closely a synthetic table reproduces a real one: per-column distances, pairwise dependence
/// differences and one score, over the non-identifier columns the two tables share.
/// </summary>
public static class Fidelity
{
    /// <summary>KS D for numeric, integer and date columns; total variation for categorical and binary ones.</summary>
    /// <exception cref="ArgumentException">A table is empty, no column is shared, or a shared column is numeric in one table and categorical in the other.</exception>
    public static IReadOnlyList<ColumnDistance> ColumnDistances(DataTable real, DataTable synthetic)
    {
        var result = new List<ColumnDistance>();
        foreach (var (r, s) in SharedColumns(real, synthetic))
        {
            var missing = Math.Abs((double)r.MissingCount / r.Length - (double)s.MissingCount / s.Length);
            if (r is NumericColumn rn && s is NumericColumn sn)
            {
                var d = Dependence.KolmogorovSmirnov(rn.Values, sn.Values);
                result.Add(new ColumnDistance(r.Name, "ks", d, missing, Invariant(
                    $"{r.Name}: KS D {d:0.###} (largest gap between cumulative distributions), missing rate differs by {missing:0.###}")));
            }
            else
            {
                var d = Dependence.TotalVariation((CategoricalColumn)r, (CategoricalColumn)s);
                result.Add(new ColumnDistance(r.Name, "tv", d, missing, Invariant(
                    $"{r.Name}: total variation {d:0.###} (share of level frequency mass that differs, missing as a level)")));
            }
        }
        return result;
    }

    /// <summary>
    /// For every pair of shared columns: Pearson (numeric–numeric), bias-uncorrected Cramér's V
    /// (categorical–categorical) or correlation ratio η (numeric–categorical), each over rows where both
    /// values are present. A pair whose measure is undefined in either table (a constant column, fewer
    /// than 2 complete rows or a single level) is left out.
    /// </summary>
    /// <exception cref="ArgumentException">As for <see cref="ColumnDistances"/>.</exception>
    public static IReadOnlyList<PairDifference> PairwiseDifferences(DataTable real, DataTable synthetic)
    {
        var columns = SharedColumns(real, synthetic);
        var result = new List<PairDifference>();
        for (var i = 0; i < columns.Count; i++)
        {
            for (var j = i + 1; j < columns.Count; j++)
            {
                var (measure, r) = Measure(columns[i].Real, columns[j].Real);
                var (_, s) = Measure(columns[i].Synthetic, columns[j].Synthetic);
                if (r is { } rv && s is { } sv) result.Add(new PairDifference(columns[i].Real.Name, columns[j].Real.Name, measure, rv, sv));
            }
        }
        return result;
    }

    /// <summary>The score of <see cref="FidelityScore"/> computed from both tables.</summary>
    public static FidelityScore Score(DataTable real, DataTable synthetic) =>
        Score(ColumnDistances(real, synthetic), PairwiseDifferences(real, synthetic));

    /// <summary>The score of <see cref="FidelityScore"/> from distances already computed.</summary>
    /// <exception cref="ArgumentException">No column distances.</exception>
    public static FidelityScore Score(IReadOnlyList<ColumnDistance> columns, IReadOnlyList<PairDifference> pairs)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(pairs);
        if (columns.Count == 0) throw new ArgumentException("A fidelity score needs at least one column distance.", nameof(columns));
        var shapes = columns.Average(c => 1 - c.Distance);
        if (pairs.Count == 0) return new FidelityScore(shapes, shapes, 1, columns.Count, 0);
        var trends = pairs.Average(p => 1 - p.ScaledDifference);
        return new FidelityScore((shapes + trends) / 2, shapes, trends, columns.Count, pairs.Count);
    }

    private static (string Measure, double? Value) Measure(Column a, Column b) => (a, b) switch
    {
        (NumericColumn x, NumericColumn y) => (Dependence.Pearson, Dependence.PearsonCorrelation(x, y)),
        (CategoricalColumn x, CategoricalColumn y) => (Dependence.CramersV, Dependence.CramersVOf(x, y)),
        (NumericColumn x, CategoricalColumn y) => (Dependence.Eta, Dependence.CorrelationRatio(x, y)),
        (CategoricalColumn x, NumericColumn y) => (Dependence.Eta, Dependence.CorrelationRatio(y, x)),
        _ => throw new InvalidOperationException($"Unexpected column kinds {a.Type} and {b.Type}."),
    };

    private static List<(Column Real, Column Synthetic)> SharedColumns(DataTable real, DataTable synthetic)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(synthetic);
        if (real.RowCount == 0) throw new ArgumentException("The real table has no rows; fidelity needs rows on both sides.", nameof(real));
        if (synthetic.RowCount == 0) throw new ArgumentException("The synthetic table has no rows; fidelity needs rows on both sides.", nameof(synthetic));
        var shared = new List<(Column, Column)>();
        foreach (var r in real.Columns.Where(c => c.Type != ColumnType.Identifier))
        {
            if (!synthetic.Contains(r.Name)) continue;
            var s = synthetic[r.Name];
            if (s.Type == ColumnType.Identifier) continue;
            if (r.GetType() != s.GetType())
                throw new ArgumentException($"Column '{r.Name}' is {r.Type} in the real table but {s.Type} in the synthetic one; read both with the same column types.", nameof(synthetic));
            shared.Add((r, s));
        }
        if (shared.Count == 0)
            throw new ArgumentException($"The real and synthetic tables share no non-identifier column. Real: {string.Join(", ", real.Columns.Select(c => c.Name))}; synthetic: {string.Join(", ", synthetic.Columns.Select(c => c.Name))}.", nameof(synthetic));
        return shared;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
