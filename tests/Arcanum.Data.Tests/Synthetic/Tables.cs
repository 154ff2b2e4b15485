using Arcanum.Data.Tables;

namespace Arcanum.Data.Tests.Synthetic;

/// <summary>Hand-made tables for the synthetic-data metrics.</summary>
internal static class Tables
{
    public static NumericColumn Numbers(string name, params double[] values) => new(name, ColumnType.Numeric, values);

    /// <summary>A categorical column; null is missing.</summary>
    public static CategoricalColumn Levels(string name, params string?[] values)
    {
        var levels = LevelOrder.Sort(values.OfType<string>());
        var codes = values.Select(v => v is null ? -1 : Array.IndexOf(levels, v)).ToArray();
        return new CategoricalColumn(name, ColumnType.Categorical, levels, codes);
    }

    public static DataTable Of(params Column[] columns) => new(columns);

    /// <summary>Rows drawn from one fixed distribution: two correlated normals and a three-level category.</summary>
    public static DataTable Draw(int rows, int seed)
    {
        var random = new Random(seed);
        var x = new double[rows];
        var y = new double[rows];
        var group = new string?[rows];
        for (var i = 0; i < rows; i++)
        {
            x[i] = Normal(random);
            y[i] = 0.6 * x[i] + 0.8 * Normal(random);
            group[i] = random.NextDouble() switch { < 0.5 => "a", < 0.8 => "b", _ => "c" };
        }
        return Of(Numbers("x", x), Numbers("y", y), Levels("g", group));
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
