using System.Text.Json;

namespace Arcanum.Cli.Tests;

/// <summary><c>synth fit</c>'s options as a user meets them: one-line errors, --force, warnings, progress and help.</summary>
public sealed class SynthFitOptionsTests
{
    private static string Cohort(TempDir dir, bool emptyColumn = false)
    {
        var random = new Random(3);
        var lines = new List<string> { emptyColumn ? "age,lab,notes,sex" : "age,lab,sex" };
        for (var i = 0; i < 120; i++)
        {
            var age = random.Next(30, 90);
            lines.Add(emptyColumn ? $"{age},{age / 10 + random.Next(3)},,{(i % 2 == 0 ? "F" : "M")}" : $"{age},{age / 10 + random.Next(3)},{(i % 2 == 0 ? "F" : "M")}");
        }
        return dir.File("cohort.csv", string.Join('\n', lines) + "\n");
    }

    [Fact]
    public void Fit_UnknownModel_OneLineErrorAndExitTwo()
    {
        using var dir = new TempDir();

        var run = CliRun.Of("synth", "fit", "--data", Cohort(dir), "--model", "gan", "--out", dir.Sub("m"));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: --model 'gan' is not one of copula, ctgan, tvae, mst, aim. (see `arcanum synth fit --help`)", run.Error.TrimEnd());
        Assert.DoesNotContain("Usage", run.Output + run.Error);
        Assert.False(Directory.Exists(dir.Sub("m")));
    }

    [Fact]
    public void Fit_NumberOptionNotANumber_SaysSoWithoutTypeNames()
    {
        using var dir = new TempDir();

        var run = CliRun.Of("synth", "fit", "--data", Cohort(dir), "--epochs", "ten", "--out", dir.Sub("m"));

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: --epochs needs a whole number, not 'ten'.", run.Error);
        Assert.DoesNotContain("System.", run.Error);
    }

    [Fact]
    public void Fit_ForceOverAnEarlierModel_ReplacesItAndLeavesNothingElse()
    {
        // Given: a copula model in the output folder.
        using var dir = new TempDir();
        var data = Cohort(dir);
        var model = dir.Sub("m");
        Assert.Equal(0, CliRun.Of("synth", "fit", "--data", data, "--model", "copula", "--out", model).ExitCode);

        // When: fitting a TVAE over it with --force.
        var run = CliRun.Of("synth", "fit", "--data", data, "--model", "tvae", "--epochs", "1", "--out", model, "--force");

        // Then: the folder holds the TVAE, and no temporary or old folder is left beside it.
        Assert.True(run.ExitCode == 0, run.Error);
        using var header = JsonDocument.Parse(File.ReadAllText(Path.Combine(model, "synthesizer.json")));
        Assert.Equal("tvae", header.RootElement.GetProperty("kind").GetString());
        Assert.Equal(["cohort.csv", "m"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Fit_ExistingModelWithoutForce_SuggestsForce()
    {
        using var dir = new TempDir();
        var data = Cohort(dir);
        var model = dir.Sub("m");
        Assert.Equal(0, CliRun.Of("synth", "fit", "--data", data, "--model", "copula", "--out", model).ExitCode);

        var run = CliRun.Of("synth", "fit", "--data", data, "--model", "copula", "--out", model);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("add --force", run.Error);
    }

    [Fact]
    public void Fit_ForceOverAFolderThatIsNotAModel_RefusesAndKeepsIt()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Sub("m"));
        dir.File("m/thesis.docx", "mine");

        var run = CliRun.Of("synth", "fit", "--data", Cohort(dir), "--model", "copula", "--out", dir.Sub("m"), "--force");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("so it is not an earlier output of this command; --force will not replace it", run.Error);
        Assert.Equal(["thesis.docx"], Directory.GetFileSystemEntries(dir.Sub("m")).Select(Path.GetFileName));
    }

    [Fact]
    public void Fit_ColumnEmptyInEveryRow_WarnsNamingIt()
    {
        using var dir = new TempDir();

        var run = CliRun.Of("synth", "fit", "--data", Cohort(dir, emptyColumn: true), "--model", "copula", "--out", dir.Sub("m"));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("Warning: column 'notes' is empty in every row", run.Output);
        Assert.DoesNotContain("column 'age' is empty", run.Output);
    }

    [Fact]
    public void Fit_NeuralModelInALog_PrintsTimeLeft()
    {
        using var dir = new TempDir();

        var run = CliRun.Of("synth", "fit", "--data", Cohort(dir), "--model", "tvae", "--epochs", "2", "--batch-size", "60", "--out", dir.Sub("m"));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Matches(@"tvae: epoch 1/2[^\n]*; \d+ s elapsed, about \d+ s left", run.Output);
        Assert.Matches(@"tvae: epoch 2/2, .*; \d+ s elapsed\n", run.Output.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("synth fit")]
    [InlineData("synth sample")]
    [InlineData("synth split")]
    [InlineData("synth evaluate")]
    [InlineData("simulate")]
    [InlineData("server")]
    [InlineData("site")]
    [InlineData("admin audit")]
    public void Help_AnyCommand_WritesDefaultsInOneStyle(string command)
    {
        var run = CliRun.Of([.. command.Split(' '), "--help"]);

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("Default: ", run.Output);
        Assert.DoesNotContain("(default", run.Output);
        Assert.Contains("[default: ", run.Output);
    }
}
