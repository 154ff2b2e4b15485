using System.Text.Json;
using Arcanum.Core.Weights;

namespace Arcanum.Cli.Tests;

public sealed class SimulateCommandTests
{
    [Fact]
    public void Simulate_ANotesJob_IsRefusedAndPointsToWhereNotesJobsRun()
    {
        // Given a job file for the note generator (its data a bundled table's name, which must not run as a table study)
        using var dir = new TempDir();
        var job = dir.File("notes.json", """{"data": "pbc3", "task": "notes", "rounds": 2}""");

        // When it is simulated
        var run = CliRun.Of("simulate", "--job", job, "--out", dir.Sub("run"));

        // Then it is a clear error, and nothing is written
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("notes fit --federated", run.Error);
        Assert.False(Directory.Exists(dir.Sub("run")));
    }

    [Fact]
    public void Simulate_AnImageSynthesisJob_IsRefusedAndPointsToWhereAsynDganRuns()
    {
        using var dir = new TempDir();
        var job = dir.File("gan.json", """{"data": "pbc3", "task": "image_synthesis", "rounds": 2}""");

        var run = CliRun.Of("simulate", "--job", job, "--out", dir.Sub("run"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("images synth fit --training asyndgan", run.Error);
        Assert.False(Directory.Exists(dir.Sub("run")));
    }

    [Fact]
    public void Simulate_DefaultStudy_WritesEveryFileAndFederatedBeatsLocalOnOtherSites()
    {
        // Given
        using var dir = new TempDir();
        var output = dir.Sub("run");

        // When
        var run = CliRun.Of("simulate", "--out", output);

        // Then
        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        foreach (var file in new[] { "summary.json", "rounds.csv", "model.safetensors", "encoding.json", "job.json", "report.html" })
            Assert.True(File.Exists(Path.Combine(output, file)), file);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        var root = summary.RootElement;
        Assert.Equal("fedavg", root.GetProperty("algorithm").GetString());
        Assert.Equal("auroc", root.GetProperty("metric").GetString());
        Assert.Equal(6, root.GetProperty("sites").GetArrayLength());
        Assert.Equal(349, root.GetProperty("sites").EnumerateArray().Sum(s => s.GetProperty("rows").GetInt32()));
        var federated = root.GetProperty("federated").GetProperty("auroc").GetDouble();
        Assert.True(federated >= root.GetProperty("local_on_others_mean").GetDouble(), $"federated {federated} vs local {root.GetProperty("local_on_others_mean")}");
        Assert.True(federated > 0.7, $"federated AUROC {federated}");
        Assert.Equal(6, root.GetProperty("federated").GetProperty("per_site").EnumerateObject().Count());
        Assert.Equal(6, root.GetProperty("local").EnumerateObject().Count());
        Assert.True(root.GetProperty("central").TryGetProperty("auroc", out _));
        Assert.Equal(1 + 20 * 7, File.ReadAllLines(Path.Combine(output, "rounds.csv")).Length);
        Assert.Contains("<svg", File.ReadAllText(Path.Combine(output, "report.html")));
        Assert.Contains("round 20/20", run.Output);
        Assert.Contains("federated", run.Output);
    }

    [Fact]
    public void Simulate_SameSeedTwice_GivesIdenticalModelAndMetrics()
    {
        // Given
        using var dir = new TempDir();

        // When
        var a = CliRun.Of("simulate", "--rounds", "3", "--algorithm", "scaffold", "--out", dir.Sub("a"));
        var b = CliRun.Of("simulate", "--rounds", "3", "--algorithm", "scaffold", "--out", dir.Sub("b"));

        // Then
        Assert.Equal(0, a.ExitCode);
        Assert.Equal(0, b.ExitCode);
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir.Sub("a"), "model.safetensors")), File.ReadAllBytes(Path.Combine(dir.Sub("b"), "model.safetensors")));
        Assert.Equal(File.ReadAllText(Path.Combine(dir.Sub("a"), "rounds.csv")), File.ReadAllText(Path.Combine(dir.Sub("b"), "rounds.csv")));
    }

    [Theory]
    [InlineData("fedprox")]
    [InlineData("fedadam")]
    [InlineData("fedyogi")]
    [InlineData("fedadagrad")]
    [InlineData("fedavgm")]
    public void Simulate_EachAlgorithm_RunsAndLearns(string algorithm)
    {
        // Given
        using var dir = new TempDir();

        // When
        var run = CliRun.Of("simulate", "--algorithm", algorithm, "--out", dir.Sub("run"));

        // Then
        Assert.True(run.ExitCode == 0, run.Error);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Sub("run"), "summary.json")));
        Assert.Equal(algorithm, summary.RootElement.GetProperty("algorithm").GetString());
        Assert.True(summary.RootElement.GetProperty("federated").GetProperty("auroc").GetDouble() > 0.7);
    }

    [Fact]
    public void Simulate_UnseenCsvWithSiteColumn_UsesItsSites()
    {
        // Given: a CSV the project does not bundle, with a hospital column and a text outcome
        using var dir = new TempDir();
        var csv = dir.File("cohort.csv", Cohort(withHospital: true));

        // When
        var run = CliRun.Of("simulate", "--data", csv, "--target", "outcome", "--positive", "died", "--site-column", "hospital", "--rounds", "5", "--out", dir.Sub("run"));

        // Then
        Assert.True(run.ExitCode == 0, run.Error);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Sub("run"), "summary.json")));
        Assert.Equal(["A", "B", "C"], summary.RootElement.GetProperty("sites").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.True(summary.RootElement.GetProperty("federated").GetProperty("auroc").GetDouble() > 0.8);
    }

    [Fact]
    public void Simulate_UnseenCsvWithoutSiteColumn_SplitsIntoSites()
    {
        // Given
        using var dir = new TempDir();
        var csv = dir.File("cohort.csv", Cohort(withHospital: false));

        // When
        var run = CliRun.Of("simulate", "--data", csv, "--target", "outcome", "--positive", "died", "--sites", "4", "--split", "dirichlet:1.0", "--model", "mlp", "--rounds", "4", "--out", dir.Sub("run"));

        // Then
        Assert.True(run.ExitCode == 0, run.Error);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Sub("run"), "summary.json")));
        Assert.Equal(4, summary.RootElement.GetProperty("sites").GetArrayLength());
        Assert.Equal(240, summary.RootElement.GetProperty("sites").EnumerateArray().Sum(s => s.GetProperty("rows").GetInt32()));
    }

    [Fact]
    public void Simulate_JobFile_RunsTheJobAndOptionsOverrideIt()
    {
        // Given
        using var dir = new TempDir();
        var job = Path.Combine(AppContext.BaseDirectory, "examples", "job.json");

        // When
        var run = CliRun.Of("simulate", "--job", job, "--rounds", "2", "--out", dir.Sub("run"));

        // Then
        Assert.True(run.ExitCode == 0, run.Error);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Sub("run"), "summary.json")));
        Assert.Equal(2, summary.RootElement.GetProperty("rounds").GetInt32());
        Assert.Equal(7, summary.RootElement.GetProperty("seed").GetInt32());
        Assert.Equal("pbc3-fedavg", summary.RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public void Simulate_ModelFile_IsSafetensorsWithTheModelsArrays()
    {
        // Given
        using var dir = new TempDir();

        // When
        var run = CliRun.Of("simulate", "--model", "mlp", "--hidden", "8", "--rounds", "1", "--out", dir.Sub("run"));

        // Then
        Assert.Equal(0, run.ExitCode);
        var weights = SafeTensors.Read(Path.Combine(dir.Sub("run"), "model.safetensors"), out var metadata);
        Assert.Equal("pt", metadata["format"]);
        Assert.Contains(weights.Arrays, a => a.Shape.Length == 2 && a.Shape[0] == 8);
    }

    [Fact]
    public void Help_ListsEveryOption()
    {
        // When
        var run = CliRun.Of("simulate", "--help");

        // Then
        Assert.Equal(0, run.ExitCode);
        foreach (var option in new[] { "--data", "--target", "--positive", "--site-column", "--sites", "--split", "--algorithm", "--rounds", "--local-epochs", "--batch-size", "--lr", "--model", "--fraction", "--mu", "--server-lr", "--seed", "--out", "--device" })
            Assert.Contains(option, run.Output);
    }

    /// <summary>240 synthetic patients over 3 hospitals; death depends on age and a lab value.</summary>
    internal static string Cohort(bool withHospital)
    {
        var random = new Random(5);
        var lines = new List<string> { withHospital ? "patient_id,hospital,age,lactate,sex,outcome" : "patient_id,age,lactate,sex,outcome" };
        for (var i = 0; i < 240; i++)
        {
            var age = 40 + random.Next(50);
            var lactate = Math.Round(0.5 + random.NextDouble() * 6, 2);
            var risk = 0.08 * (age - 65) + 0.9 * (lactate - 3) + (random.NextDouble() - 0.5) * 2;
            var outcome = risk > 0 ? "died" : "survived";
            var sex = random.Next(2) == 0 ? "F" : "M";
            var hospital = "ABC"[i % 3];
            lines.Add(withHospital ? $"P{i:0000},{hospital},{age},{lactate.ToString(System.Globalization.CultureInfo.InvariantCulture)},{sex},{outcome}" : $"P{i:0000},{age},{lactate.ToString(System.Globalization.CultureInfo.InvariantCulture)},{sex},{outcome}");
        }
        return string.Join("\n", lines) + "\n";
    }
}
