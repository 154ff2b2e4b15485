using System.Globalization;
using System.Text;
using System.Text.Json;
using Arcanum.Data;
using Arcanum.Data.Tables;

namespace Arcanum.Cli.Tests;

/// <summary><c>arcanum synth fit --model aim</c>, then <c>sample</c>, as a user runs them.</summary>
public sealed class SynthAimCommandTests
{
    /// <summary>A cohort CSV: id, age, lab (rising with age), sex, diagnosis with a 5% rare level.</summary>
    private static string Cohort(TempDir dir, int rows = 400)
    {
        var random = new Random(7);
        var text = new StringBuilder("patient_id,age,lab,sex,diagnosis\n");
        for (var i = 0; i < rows; i++)
        {
            var age = random.Next(30, 90);
            var lab = (2 + 0.05 * age + random.NextDouble()).ToString("0.0", CultureInfo.InvariantCulture);
            var diagnosis = i % 20 == 0 ? "rare" : random.NextDouble() < 0.3 ? "malignant" : "benign";
            text.Append(CultureInfo.InvariantCulture, $"P{1000 + i},{age},{lab},{(random.Next(2) == 0 ? "F" : "M")},{diagnosis}\n");
        }
        return dir.File("cohort.csv", text.ToString());
    }

    [Fact]
    public void Fit_aim_spends_the_whole_budget_by_rounds_then_samples_natively_and_rejects_bad_input()
    {
        using var dir = new TempDir();
        var data = Cohort(dir);
        var model = dir.Sub("model");

        var fit = CliRun.Of("synth", "fit", "--data", data, "--model", "aim", "--epsilon", "3", "--max-model-size", "0.5", "--out", model);

        Assert.True(fit.ExitCode == 0, fit.Error);
        Assert.Contains("AIM spends epsilon 3 at delta 1E-09", fit.Output);
        Assert.Contains("aim round 1:", fit.Output);
        Assert.Contains("rounds: measure it", fit.Output);
        Assert.Contains("Privacy spent: epsilon 3", fit.Output);
        using (var header = JsonDocument.Parse(File.ReadAllText(Path.Combine(model, "synthesizer.json"))))
        {
            var root = header.RootElement;
            Assert.Equal("aim", root.GetProperty("kind").GetString());
            var privacy = root.GetProperty("parameters").GetProperty("privacy");
            var rho = privacy.GetProperty("rho").GetDouble();
            var spent = privacy.GetProperty("spends").EnumerateArray().Sum(e => e.GetProperty("rho").GetDouble());
            Assert.Equal(rho, spent, rho * 1e-9);
        }

        var output = dir.Sub("rare.csv");
        var sample = CliRun.Of("synth", "sample", "--model", model, "-n", "60", "--where", "diagnosis = rare", "--out", output);
        Assert.True(sample.ExitCode == 0, sample.Error);
        Assert.Contains("natively on diagnosis", sample.Output);
        var rows = CsvTableReader.Read(output);
        Assert.Equal(["patient_id", "age", "lab", "sex", "diagnosis"], rows.Columns.Select(c => c.Name));
        Assert.Equal(ColumnType.Integer, rows["age"].Type);
        Assert.All(Enumerable.Range(0, 60), r => Assert.Equal("rare", rows["diagnosis"].RawValue(r)));

        var noEpsilon = CliRun.Of("synth", "fit", "--data", data, "--model", "aim", "--out", dir.Sub("m2"));
        Assert.Equal(2, noEpsilon.ExitCode);
        Assert.Contains("--model aim needs --epsilon", noEpsilon.Error);
        var capWithMst = CliRun.Of("synth", "fit", "--data", data, "--model", "mst", "--epsilon", "1", "--max-model-size", "4", "--out", dir.Sub("m3"));
        Assert.Equal(2, capWithMst.ExitCode);
        Assert.Contains("--max-model-size needs --model aim", capWithMst.Error);
        var badCap = CliRun.Of("synth", "fit", "--data", data, "--model", "aim", "--epsilon", "1", "--max-model-size", "0", "--out", dir.Sub("m4"));
        Assert.Equal(2, badCap.ExitCode);
        Assert.Contains("model-size cap must be between", badCap.Error);
        Assert.False(Directory.Exists(dir.Sub("m4")) && Directory.EnumerateFileSystemEntries(dir.Sub("m4")).Any());
    }
}
