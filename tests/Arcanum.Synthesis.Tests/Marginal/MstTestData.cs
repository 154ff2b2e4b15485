using Arcanum.Data.Tables;
using Arcanum.Synthesis.Marginal;
using Arcanum.Synthesis.Schema;

namespace Arcanum.Synthesis.Tests.Marginal;

/// <summary>
/// A clinic-like table for MST: a patient id; "x" ~ N(50, 10) with one decimal; "y", a whole number that is x
/// plus small noise (a strong pair); "visit", a date in 2015-2017; "group" a (60%), b (38%), rare (2%), rising
/// with y; "sex" F/M independent of the rest; "lab" missing 20% of the time.
/// </summary>
internal static class MstTestData
{
    public static DataTable Clinic(int rows, int seed)
    {
        var random = new Random(seed);
        var ids = new string?[rows];
        var x = new double[rows];
        var y = new double[rows];
        var visit = new double[rows];
        var group = new int[rows];
        var sex = new int[rows];
        var lab = new double[rows];
        for (var r = 0; r < rows; r++)
        {
            ids[r] = $"P{r:D5}";
            var z = Normal(random);
            x[r] = Math.Round(50 + 10 * z, 1);
            y[r] = Math.Round(x[r] + 2 * Normal(random));
            visit[r] = 16_436 + random.Next(3 * 365);
            var g = 0.8 * z + 0.6 * Normal(random);
            group[r] = g > 2.0537 ? 2 : g > 0.2533 ? 1 : 0;
            sex[r] = random.Next(2);
            lab[r] = random.NextDouble() < 0.2 ? double.NaN : Math.Round(5 + Normal(random), 2);
        }
        return new DataTable(
        [
            new IdentifierColumn("patient", ids),
            new NumericColumn("x", ColumnType.Numeric, x),
            new NumericColumn("y", ColumnType.Integer, y),
            new NumericColumn("visit", ColumnType.Date, visit),
            new CategoricalColumn("group", ColumnType.Categorical, ["a", "b", "rare"], group),
            new CategoricalColumn("sex", ColumnType.Binary, ["F", "M"], sex),
            new NumericColumn("lab", ColumnType.Numeric, lab),
        ]);
    }

    /// <summary>Public bounds for every number and date of <see cref="Clinic"/>, chosen without looking at the rows.</summary>
    public static PublicDomain Domain => new(new Dictionary<string, ColumnDomain>
    {
        ["x"] = new() { Min = 0, Max = 100, Bins = 20 },
        ["y"] = new() { Min = 0, Max = 100, Bins = 20 },
        ["visit"] = new() { Min = 16_436, Max = 16_436 + 3 * 365 },
        ["lab"] = new() { Min = 0, Max = 10 },
        ["group"] = new() { Levels = ["a", "b", "rare"] },
    });

    public static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static readonly Lazy<(DataTable Table, TableSchema Schema, MstSynthesizer Model)> Fitted = new(() =>
    {
        var table = Clinic(4000, seed: 7);
        var schema = TableSchema.Learn(table);
        return (table, schema, MstSynthesizer.Fit(table, schema, new MstOptions { Epsilon = 10, NoiseSeed = 3 }));
    });

    /// <summary>The clinic of 4000 rows.</summary>
    public static DataTable Real => Fitted.Value.Table;

    public static TableSchema RealSchema => Fitted.Value.Schema;

    /// <summary>MST fitted to <see cref="Real"/> at epsilon 10, no public domain, seeded noise.</summary>
    public static MstSynthesizer Model => Fitted.Value.Model;
}
