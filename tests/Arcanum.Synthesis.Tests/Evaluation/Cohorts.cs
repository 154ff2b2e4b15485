using Arcanum.Data.Tables;

namespace Arcanum.Synthesis.Tests.Evaluation;

/// <summary>Tables drawn from one known generating process, so tests know what a good synthetic table looks like.</summary>
internal static class Cohorts
{
    /// <summary>
    /// Columns: pid (identifier), age (integer), lactate (numeric), ward (a/b/c), outcome (binary yes/no) with
    /// logit = 1.6·z(lactate) − 0.03·(age − 60) + 1.2·[ward = c] − 0.5: a target well predicted by the features.
    /// </summary>
    public static DataTable Draw(int rows, int seed, int pidOffset = 0)
    {
        var random = new Random(seed);
        var pid = new string?[rows];
        var age = new double[rows];
        var lactate = new double[rows];
        var ward = new string?[rows];
        var outcome = new string?[rows];
        for (var i = 0; i < rows; i++)
        {
            pid[i] = $"P{pidOffset + i:00000}";
            age[i] = Math.Round(Math.Clamp(60 + 12 * Normal(random), 18, 99));
            var z = Normal(random);
            lactate[i] = 2 + 0.8 * z;
            ward[i] = random.NextDouble() switch { < 0.5 => "a", < 0.8 => "b", _ => "c" };
            var logit = 1.6 * z - 0.03 * (age[i] - 60) + (ward[i] == "c" ? 1.2 : 0) - 0.5;
            outcome[i] = random.NextDouble() < 1 / (1 + Math.Exp(-logit)) ? "yes" : "no";
        }
        return new DataTable(
        [
            new IdentifierColumn("pid", pid),
            new NumericColumn("age", ColumnType.Integer, age),
            new NumericColumn("lactate", ColumnType.Numeric, lactate),
            Levels("ward", ColumnType.Categorical, ward),
            Levels("outcome", ColumnType.Binary, outcome),
        ]);
    }

    /// <summary>The table with one column's values shuffled: its marginal kept, its links to the other columns broken.</summary>
    public static DataTable Shuffle(DataTable table, string column, int seed)
    {
        var rows = Enumerable.Range(0, table.RowCount).ToArray();
        new Random(seed).Shuffle(rows);
        return new DataTable([.. table.Columns.Select(c => c.Name == column ? c.Select(rows) : c)]);
    }

    /// <summary>Every column shuffled independently: the marginals of the table, none of its dependence.</summary>
    public static DataTable ShuffleEveryColumn(DataTable table, int seed)
    {
        var shuffled = table;
        for (var c = 0; c < table.Columns.Count; c++) shuffled = Shuffle(shuffled, table.Columns[c].Name, seed + c);
        return shuffled;
    }

    /// <summary>The rows whose column has the given value removed.</summary>
    public static DataTable Without(DataTable table, string column, string value) =>
        table.Select([.. Enumerable.Range(0, table.RowCount).Where(r => table[column].RawValue(r) != value)]);

    public static CategoricalColumn Levels(string name, ColumnType type, string?[] values)
    {
        var levels = LevelOrder.Sort(values.OfType<string>());
        return new CategoricalColumn(name, type, levels, [.. values.Select(v => v is null ? -1 : Array.IndexOf(levels, v))]);
    }

    public static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
