using Arcanum.Data.Tables;

namespace Arcanum.Data.Tests.Support;

/// <summary>Small tables for tests.</summary>
internal static class Some
{
    public static DataTable Table(string csv, CsvReadOptions? options = null) => CsvTableReader.ReadText(csv, "test.csv", options);

    /// <summary>A mixed table of <paramref name="rows"/> rows: numbers with gaps, a binary, a categorical, a date and an id.</summary>
    public static DataTable Mixed(int rows, int seed = 1)
    {
        var random = new Random(seed);
        var lines = new List<string> { "id,age,bili,sex,stage,visit,outcome" };
        string[] stages = ["I", "II", "III", "IV"];
        for (var i = 0; i < rows; i++)
        {
            var age = 20 + random.Next(60);
            var bili = random.NextDouble() < 0.1 ? "NA" : (random.NextDouble() * 100).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
            var sex = random.Next(2) == 0 ? "F" : "M";
            var stage = random.NextDouble() < 0.05 ? "" : stages[random.Next(4)];
            var visit = new DateTime(2020, 1, 1).AddDays(random.Next(365)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var outcome = random.Next(3);
            lines.Add($"P{i:0000},{age},{bili},{sex},{stage},{visit},{outcome}");
        }
        return Table(string.Join("\n", lines));
    }
}
