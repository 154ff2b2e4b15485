using Arcanum.Data.Tables;

namespace Arcanum.Torch.Tests.Synthesis;

/// <summary>
/// A small synthetic cohort with what real tables have: an id, an integer age, a one-decimal lab value with
/// 10% missing that rises with age, a date, a binary sex and a diagnosis with a 4% rare level found only in
/// the old.
/// </summary>
internal static class Cohort
{
    public static DataTable Make(int rows, int seed)
    {
        var random = new Random(seed);
        var ids = new string?[rows];
        var age = new double[rows];
        var lab = new double[rows];
        var admitted = new double[rows];
        var sex = new int[rows];
        var diagnosis = new int[rows];
        for (var r = 0; r < rows; r++)
        {
            ids[r] = $"P{1000 + r}";
            var old = random.NextDouble() < 0.3;
            age[r] = old ? 70 + random.Next(0, 20) : 30 + random.Next(0, 35);
            lab[r] = random.NextDouble() < 0.1 ? double.NaN : Math.Round(2 + 0.05 * age[r] + Normal(random) * 0.3, 1);
            admitted[r] = 19000 + random.Next(0, 365);
            sex[r] = random.Next(2);
            diagnosis[r] = old && random.NextDouble() < 0.14 ? 2 : random.NextDouble() < 0.3 ? 1 : 0;
        }
        return new DataTable(
        [
            new IdentifierColumn("patient_id", ids),
            new NumericColumn("age", ColumnType.Integer, age),
            new NumericColumn("lab", ColumnType.Numeric, lab),
            new NumericColumn("admitted", ColumnType.Date, admitted),
            new CategoricalColumn("sex", ColumnType.Binary, ["F", "M"], sex),
            new CategoricalColumn("diagnosis", ColumnType.Categorical, ["benign", "malignant", "rare"], diagnosis),
        ]);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

/// <summary>Tests that use libtorch's process-wide random generator run one at a time, so seeds give the same numbers.</summary>
[CollectionDefinition(Name)]
public sealed class TorchRandom
{
    public const string Name = "torch random generator";
}
