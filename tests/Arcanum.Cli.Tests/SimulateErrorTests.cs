namespace Arcanum.Cli.Tests;

/// <summary>Bad input stops with a clear message and exit code 2, and writes nothing.</summary>
public sealed class SimulateErrorTests
{
    [Fact]
    public void Simulate_MissingFile_SaysSoAndWritesNothing() =>
        AssertBadInput(dir => ["--data", Path.Combine(dir.Path, "nope.csv"), "--target", "y"], "neither a bundled dataset");

    [Fact]
    public void Simulate_UnknownTargetColumn_ListsColumns() =>
        AssertBadInput(_ => ["--target", "survival"], "'survival' is not in pbc3");

    [Fact]
    public void Simulate_UnknownSiteColumn_ListsColumns() =>
        AssertBadInput(_ => ["--site-column", "hospital"], "'hospital' is not in pbc3");

    [Fact]
    public void Simulate_TargetWithOneClass_Refuses() =>
        AssertBadInput(dir => ["--data", dir.File("one.csv", "age,outcome\n" + string.Join("\n", Enumerable.Range(0, 30).Select(i => $"{40 + i},alive"))), "--target", "outcome", "--sites", "2"], "single value");

    [Fact]
    public void Simulate_PositiveValueNotInTarget_ListsValues() =>
        AssertBadInput(_ => ["--positive", "dead"], "dead");

    [Fact]
    public void Simulate_SiteLeftWithNoRows_Refuses() =>
        AssertBadInput(_ => ["--sites", "300"], "site");

    [Fact]
    public void Simulate_TextInNumericColumn_NamesLineAndColumn()
    {
        AssertBadInput(dir =>
        {
            var rows = Enumerable.Range(0, 40).Select(i => $"{30 + i},{(i == 17 ? "high" : (1.5 + i * 0.1).ToString(System.Globalization.CultureInfo.InvariantCulture))},{(i % 3 == 0 ? "yes" : "no")}");
            return ["--data", dir.File("labs.csv", "age,lactate,died\n" + string.Join("\n", rows) + "\n"), "--target", "died", "--sites", "2"];
        }, "line 19, column 'lactate'");
    }

    [Fact]
    public void Simulate_UnknownAlgorithm_ListsTheValidOnes() =>
        AssertBadInput(_ => ["--algorithm", "fedsgd"], "fedavg");

    [Fact]
    public void Simulate_CnnOnATable_Refuses() =>
        AssertBadInput(_ => ["--model", "cnn"], "image");

    [Fact]
    public void Simulate_BadSplit_Refuses() =>
        AssertBadInput(_ => ["--sites", "3", "--split", "dirichlet:-1"], "dirichlet");

    [Fact]
    public void Simulate_ZeroRounds_Refuses() =>
        AssertBadInput(_ => ["--rounds", "0"], "rounds must be at least 1");

    [Fact]
    public void Simulate_CudaWithoutCudaBuild_SaysHowToGetIt() =>
        AssertBadInput(_ => ["--device", "cuda", "--rounds", "1"], "CUDA");

    [Fact]
    public void Simulate_LearningRateThatDiverges_SaysSoAndWritesNothing() =>
        AssertBadInput(_ => ["--lr", "1e38", "--rounds", "2"], "diverged");

    [Fact]
    public void Simulate_LocalBaselineDiverges_ExitsTwoWithAClearMessage() =>
        AssertBadInput(_ => ["--data", "breast-cancer", "--model", "mlp", "--lr", "100", "--rounds", "2"], "diverged in the local baseline");

    [Fact]
    public void Simulate_MisspelledKeyInJobFile_SuggestsTheKnownKey() =>
        AssertBadInput(dir => ["--job", dir.File("job.json", """{ "data": "pbc3", "local_epoch": 3 }""")], "Did you mean 'local_epochs'?");

    [Fact]
    public void Simulate_OutputExists_RefusesWithoutForce()
    {
        // Given
        using var dir = new TempDir();
        var output = dir.Sub("run");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "keep.txt"), "mine");

        // When
        var run = CliRun.Of("simulate", "--rounds", "1", "--out", output);

        // Then
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--force", run.Error);
        Assert.Equal(["keep.txt"], Directory.GetFiles(output).Select(Path.GetFileName));
    }

    private static void AssertBadInput(Func<TempDir, string[]> args, string expected)
    {
        // Given
        using var dir = new TempDir();
        var output = Path.Combine(dir.Sub("results"), "run");

        // When
        var run = CliRun.Of(["simulate", .. args(dir), "--out", output]);

        // Then
        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Error}{run.Output}");
        Assert.Contains(expected, run.Error, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("error:", run.Error);
        Assert.False(Directory.Exists(dir.Sub("results")), "nothing may be written, not even the output's parent folder");
        Assert.DoesNotContain(Directory.GetDirectories(dir.Path), d => d.Contains("partial", StringComparison.Ordinal));
    }
}
