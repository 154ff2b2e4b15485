using Arcanum.Data.Tables;
using Arcanum.Synthesis.Copula;
using Arcanum.Synthesis.Schema;

namespace Arcanum.Synthesis.Tests.Copula;

/// <summary>
/// A clinic-like table with what a copula must keep: a patient id; x ~ N(50, 10); y correlated 0.8 with x;
/// a lognormal "skew"; an integer "count"; a date "visit"; a "group" of a (60%), b (38%) and rare (2%)
/// that rises with x; a "lab" value missing 20% of the time, more often when x is low (about 28% below its
/// mean, 12% above).
/// </summary>
internal static class CopulaTestData
{
    public const int Rows = 5000;

    private static readonly Lazy<(DataTable Table, TableSchema Schema, GaussianCopula Model)> Fitted = new(() =>
    {
        var table = MakeClinic(Rows, seed: 11);
        var schema = TableSchema.Learn(table);
        return (table, schema, GaussianCopula.Fit(table, schema));
    });

    public static DataTable Real => Fitted.Value.Table;

    public static TableSchema RealSchema => Fitted.Value.Schema;

    public static GaussianCopula Model => Fitted.Value.Model;

    public static DataTable MakeClinic(int rows, int seed)
    {
        var random = new Random(seed);
        var ids = new string?[rows];
        var x = new double[rows];
        var y = new double[rows];
        var skew = new double[rows];
        var count = new double[rows];
        var visit = new double[rows];
        var group = new int[rows];
        var lab = new double[rows];
        for (var r = 0; r < rows; r++)
        {
            ids[r] = $"P{r:D5}";
            var zx = Normal(random);
            x[r] = Math.Round(50 + 10 * zx, 1);
            y[r] = Math.Round(120 + 15 * (0.8 * zx + 0.6 * Normal(random)), 2);
            skew[r] = Math.Round(Math.Exp(Normal(random)), 3);
            count[r] = Math.Round(Math.Exp(1 + 0.5 * Normal(random)));
            visit[r] = 18_000 + random.Next(1000);
            var g = 0.7 * zx + Math.Sqrt(0.51) * Normal(random);
            group[r] = g > 2.0537 ? 2 : g > 0.2533 ? 1 : 0;
            var absent = -0.5 * zx + Math.Sqrt(0.75) * Normal(random) > 0.8416;
            lab[r] = absent ? double.NaN : Math.Round(5 + Normal(random), 2);
        }
        return new DataTable(
        [
            new IdentifierColumn("patient", ids),
            new NumericColumn("x", ColumnType.Numeric, x),
            new NumericColumn("y", ColumnType.Numeric, y),
            new NumericColumn("skew", ColumnType.Numeric, skew),
            new NumericColumn("count", ColumnType.Integer, count),
            new NumericColumn("visit", ColumnType.Date, visit),
            new CategoricalColumn("group", ColumnType.Categorical, ["a", "b", "rare"], group),
            new NumericColumn("lab", ColumnType.Numeric, lab),
        ]);
    }

    public static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    public static double[] Numbers(DataTable table, string column) => ((NumericColumn)table[column]).Values.ToArray();

    public static string?[] Texts(DataTable table, string column)
    {
        var c = table[column];
        return Enumerable.Range(0, c.Length).Select(c.RawValue).ToArray();
    }

    /// <summary>Pearson correlation over rows where both are present.</summary>
    public static double Pearson(double[] a, double[] b)
    {
        var rows = Enumerable.Range(0, a.Length).Where(r => !double.IsNaN(a[r]) && !double.IsNaN(b[r])).ToArray();
        var ma = rows.Average(r => a[r]);
        var mb = rows.Average(r => b[r]);
        var sab = rows.Sum(r => (a[r] - ma) * (b[r] - mb));
        var saa = rows.Sum(r => (a[r] - ma) * (a[r] - ma));
        var sbb = rows.Sum(r => (b[r] - mb) * (b[r] - mb));
        return sab / Math.Sqrt(saa * sbb);
    }

    /// <summary>The mean of <paramref name="values"/> over rows where <paramref name="where"/> holds.</summary>
    public static double MeanWhere(double[] values, Func<int, bool> where) =>
        Enumerable.Range(0, values.Length).Where(where).Select(r => values[r]).Where(v => !double.IsNaN(v)).Average();

    /// <summary>Every cell as text, row by row: equal tables give equal lists.</summary>
    public static List<string?> Cells(DataTable table) =>
        Enumerable.Range(0, table.RowCount).SelectMany(r => table.Columns.Select(c => c.RawValue(r))).ToList();

    /// <summary>Collects progress reports on the reporting thread (unlike <see cref="Progress{T}"/>).</summary>
    public sealed class Recorder<T> : IProgress<T>
    {
        public List<T> Reports { get; } = [];

        public void Report(T value) => Reports.Add(value);
    }
}
