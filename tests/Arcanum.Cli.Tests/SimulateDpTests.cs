using System.Globalization;
using System.Text.Json.Nodes;
using Arcanum.Tests.Shared;

namespace Arcanum.Cli.Tests;

/// <summary><c>arcanum simulate --dp-epsilon</c>: DP-SGD at every site, with what each site spent in every output.</summary>
public sealed class SimulateDpTests
{
    [Fact]
    public void Simulate_WithDpEpsilon_EverySiteSpendsAtMostTheBudgetAndEveryOutputSaysSo()
    {
        // Given
        using var dir = new TempDir();
        var output = dir.Sub("run");

        // When pbc3's six units train 4 rounds with ε 2
        var run = CliRun.Of("simulate", "--rounds", "4", "--dp-epsilon", "2", "--dp-delta", "1e-5", "--out", output);

        // Then it runs, and rounds.csv has each site's spend growing to (not past) 2, with no training loss
        Assert.Equal(0, run.ExitCode);
        var lines = File.ReadAllLines(Path.Combine(output, "rounds.csv"));
        var header = lines[0].Split(',');
        var eps = Array.IndexOf(header, "epsilon");
        var loss = Array.IndexOf(header, "train_loss");
        Assert.True(eps > 0, lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).Where(c => c[1] != "(pooled)").ToList();
        var byRound = rows.GroupBy(c => c[0]).OrderBy(g => int.Parse(g.Key, CultureInfo.InvariantCulture))
            .Select(g => g.Max(c => double.Parse(c[eps], CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(4, byRound.Count);
        Assert.True(byRound.Zip(byRound.Skip(1)).All(p => p.First < p.Second), string.Join(", ", byRound));
        Assert.InRange(byRound[^1], 1.9, 2.01);
        Assert.All(rows, c => Assert.Equal("", c[loss]));

        // and summary.json and the report state the guarantee
        var privacy = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "summary.json")))!["privacy"]!;
        Assert.Equal(2, (double)privacy["epsilon"]!);
        Assert.Equal("rdp", (string?)privacy["accountant"]);
        Assert.InRange((double)privacy["max_epsilon_spent"]!, 1.9, 2.01);
        Assert.Contains("<h2>Privacy</h2>", File.ReadAllText(Path.Combine(output, "report.html")));
        Assert.Contains("Differential privacy (DP-SGD at every site)", run.Output);
    }

    [Fact]
    public void Simulate_WithDpTwiceWithTheSameSeed_DrawsDifferentNoise()
    {
        // Given the same DP study twice, with the job's seed (which job.json shows) the same
        using var dir = new TempDir();
        var a = CliRun.Of("simulate", "--rounds", "2", "--dp-epsilon", "3", "--seed", "7", "--out", dir.Sub("a"));
        var b = CliRun.Of("simulate", "--rounds", "2", "--dp-epsilon", "3", "--seed", "7", "--out", dir.Sub("b"));

        // Then the models differ: the noise does not follow from the public seed, so it cannot be regenerated and subtracted
        Assert.Equal(0, a.ExitCode);
        Assert.Equal(0, b.ExitCode);
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(dir.Sub("a"), "model.safetensors")), File.ReadAllBytes(Path.Combine(dir.Sub("b"), "model.safetensors")));
    }

    [Fact]
    public void Simulate_DpDeltaWithoutEpsilon_SaysHowToTurnDpOn()
    {
        // Given / When
        using var dir = new TempDir();
        var run = CliRun.Of("simulate", "--dp-delta", "1e-6", "--out", dir.Sub("run"));

        // Then
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("turn it on with --dp-epsilon", run.Error);
        Assert.False(Directory.Exists(dir.Sub("run")));
    }
}
