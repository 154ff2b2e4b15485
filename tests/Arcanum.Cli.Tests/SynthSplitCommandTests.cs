using System.Text.Json;
using Arcanum.Data;

namespace Arcanum.Cli.Tests;

/// <summary><c>synth split</c> and the README walkthrough it makes possible: split, fit, sample, evaluate.</summary>
public sealed class SynthSplitCommandTests
{
    [Fact]
    public void Split_BundledPima_WritesStratifiedTrainAndHoldoutReadTheBundledWay()
    {
        using var dir = new TempDir();
        var output = dir.Sub("split");

        var run = CliRun.Of("synth", "split", "--data", "pima", "--holdout", "0.25", "--out", output);

        Assert.True(run.ExitCode == 0, run.Error);
        var train = CsvTableReader.Read(Path.Combine(output, "train.csv"));
        var holdout = CsvTableReader.Read(Path.Combine(output, "holdout.csv"));
        Assert.Equal((576, 192), (train.RowCount, holdout.RowCount));
        double Positive(Data.Tables.DataTable t) => Enumerable.Range(0, t.RowCount).Count(r => t["diabetes"].RawValue(r) == "pos") / (double)t.RowCount;
        Assert.Equal(Positive(train), Positive(holdout), 2);
        // A 0 insulin means "not measured" in the bundled Pima: the files leave it blank, so every reader agrees.
        Assert.True(train["insulin"].MissingCount > 200);
        Assert.Contains("reads 0 in glucose, pressure, triceps, insulin, mass as missing", run.Output);
        Assert.Equal(["holdout.csv", "train.csv"], Directory.GetFileSystemEntries(dir.Path).SelectMany(Directory.GetFileSystemEntries).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Split_SameSeedTwice_SameFiles()
    {
        using var dir = new TempDir();

        Assert.Equal(0, CliRun.Of("synth", "split", "--data", "pima", "--seed", "5", "--out", dir.Sub("a")).ExitCode);
        Assert.Equal(0, CliRun.Of("synth", "split", "--data", "pima", "--seed", "5", "--out", dir.Sub("b")).ExitCode);

        Assert.Equal(File.ReadAllText(dir.Sub("a/holdout.csv")), File.ReadAllText(dir.Sub("b/holdout.csv")));
    }

    [Theory]
    [InlineData("--holdout 1.5", "--holdout must be between 0 and 1")]
    [InlineData("--target outcome", "--target 'outcome' is not a column")]
    public void Split_BadSetting_OneLineErrorAndNothingWritten(string options, string expected)
    {
        using var dir = new TempDir();

        var run = CliRun.Of(["synth", "split", "--data", "pima", .. options.Split(' '), "--out", dir.Sub("split")]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Error);
        Assert.False(Directory.Exists(dir.Sub("split")));
    }

    [Fact]
    public void Walkthrough_SplitFitSampleEvaluate_EachStepSucceeds()
    {
        // Given: the README's steps, with the fast copula.
        using var dir = new TempDir();
        var split = dir.Sub("split");
        var model = dir.Sub("model");
        var synthetic = dir.Sub("syn.csv");
        var output = dir.Sub("eval");

        // When
        var runs = new[]
        {
            CliRun.Of("synth", "split", "--data", "pima", "--holdout", "0.25", "--out", split),
            CliRun.Of("synth", "fit", "--data", Path.Combine(split, "train.csv"), "--model", "copula", "--out", model),
            CliRun.Of("synth", "sample", "--model", model, "-n", "500", "--out", synthetic),
            CliRun.Of("synth", "evaluate", "--real", Path.Combine(split, "train.csv"), "--holdout", Path.Combine(split, "holdout.csv"), "--synthetic", synthetic, "--target", "diabetes", "--positive", "pos", "--out", output),
        };

        // Then: missing values are compared like with like, so no column's missing rate is off.
        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.Error));
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "metrics.json")));
        Assert.All(metrics.RootElement.GetProperty("fidelity").GetProperty("columns").EnumerateArray(),
            c => Assert.InRange(Math.Abs(c.GetProperty("missing_rate_difference").GetDouble()), 0, 0.05));
    }

    [Fact]
    public void Evaluate_RealIsTheBundledName_ReadsTheOtherFilesTheSameWay()
    {
        // Given: holdout and synthetic files cut from the raw Pima CSV, where 0 still stands for "not measured".
        using var dir = new TempDir();
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "data", "pima_diabetes.csv"));
        var holdout = dir.File("holdout.csv", string.Join('\n', lines.Take(201)) + "\n");
        var synthetic = dir.File("syn.csv", string.Join('\n', lines.Take(1).Concat(lines.Skip(201).Take(400))) + "\n");

        // When
        var run = CliRun.Of("synth", "evaluate", "--real", "pima", "--holdout", holdout, "--synthetic", synthetic, "--target", "diabetes", "--out", dir.Sub("eval"));

        // Then: the zeros are missing in all three, so insulin's missing rates agree (about half the rows in each).
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("Note: pima reads 0 in", run.Output);
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Sub("eval"), "metrics.json")));
        var insulin = metrics.RootElement.GetProperty("fidelity").GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("column").GetString() == "insulin");
        Assert.InRange(Math.Abs(insulin.GetProperty("missing_rate_difference").GetDouble()), 0, 0.1);
    }

    [Fact]
    public void Evaluate_HoldoutIsABundledName_SaysToSplitFirst()
    {
        using var dir = new TempDir();
        var synthetic = dir.File("syn.csv", "a\n1\n");

        var run = CliRun.Of("synth", "evaluate", "--real", "pima", "--holdout", "pima", "--synthetic", synthetic, "--target", "diabetes", "--out", dir.Sub("eval"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("arcanum synth split --data pima", run.Error);
        Assert.False(Directory.Exists(dir.Sub("eval")));
    }
}
