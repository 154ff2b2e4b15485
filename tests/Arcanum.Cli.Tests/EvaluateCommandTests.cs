using System.Text.Json;

namespace Arcanum.Cli.Tests;

public sealed class EvaluateCommandTests
{
    /// <summary>pbc3's rows of the given units, as a CSV (semicolons, as the bundled file).</summary>
    private static string Units(TempDir dir, string name, params int[] units)
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "data", "pbc3.csv"));
        var kept = lines.Skip(1).Where(l => units.Contains(int.Parse(l.Split(';')[1], System.Globalization.CultureInfo.InvariantCulture)));
        var path = dir.Sub(name);
        File.WriteAllLines(path, [lines[0], .. kept]);
        return path;
    }

    [Fact]
    public void Evaluate_RunOnHospitalsThatTookNoPart_ScoresFederatedCentralAndEachSiteModel()
    {
        // Given a study trained on units 1-4 and units 5-6 kept apart as "other hospitals"
        using var dir = new TempDir();
        var train = Units(dir, "train.csv", 1, 2, 3, 4);
        var other = Units(dir, "other.csv", 5, 6);
        var runDir = dir.Sub("run");
        var sim = CliRun.Of("simulate", "--data", train, "--target", "status", "--positive", "2", "--exclude", "ptno", "days",
            "--site-column", "unit", "--rounds", "5", "--out", runDir);
        Assert.True(sim.ExitCode == 0, sim.Error + sim.Output);

        // When
        var run = CliRun.Of("evaluate", "--run", runDir, "--data", other);

        // Then every model is scored on both unseen units, with the run's own metric
        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        var output = Path.Combine(runDir, "external-other.csv");
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "evaluation.json")));
        var root = doc.RootElement;
        Assert.Equal("auroc", root.GetProperty("metric").GetString());
        Assert.Equal(["unit=5", "unit=6"], root.GetProperty("sites").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        var models = root.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal(["federated", "central", "local: unit=1", "local: unit=2", "local: unit=3", "local: unit=4"], models.Select(m => m.GetProperty("model").GetString()));
        var federated = models[0].GetProperty("pooled").GetProperty("auroc").GetDouble();
        Assert.InRange(federated, 0.6, 1.0);
        Assert.Equal(File.ReadAllLines(other).Length - 1, models[0].GetProperty("pooled").GetProperty("count").GetInt32());
        Assert.Contains("<svg", File.ReadAllText(Path.Combine(output, "report.html")));
    }

    [Fact]
    public void Evaluate_DataWithoutTheTarget_ExitsTwoNamingTheColumnAndWritesNothing()
    {
        // Given a run, and a table without its target column
        using var dir = new TempDir();
        var runDir = dir.Sub("run");
        Assert.Equal(0, CliRun.Of("simulate", "--rounds", "2", "--out", runDir).ExitCode);
        var noTarget = dir.Sub("no-target.csv");
        File.WriteAllLines(noTarget, ["age;sex", "50;1", "60;0"]);

        // When
        var run = CliRun.Of("evaluate", "--run", runDir, "--data", noTarget, "--out", dir.Sub("eval"));

        // Then
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'status'", run.Error);
        Assert.False(Directory.Exists(dir.Sub("eval")));
    }

    [Fact]
    public void Evaluate_FolderThatIsNotARun_SaysWhatToGive()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Sub("empty"));
        var run = CliRun.Of("evaluate", "--run", dir.Sub("empty"), "--data", dir.Sub("x.csv"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("job.json", run.Error);
    }
}
