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
    public void Simulate_ClientLevelDp_ReportsTheJobsEpsilonHonestlyAndSaysWhenItIsWeak()
    {
        // Given a job file with client-level DP: pbc3's six units all take part in 5 rounds at noise multiplier 1
        using var dir = new TempDir();
        var job = Path.Combine(dir.Path, "job.json");
        File.WriteAllText(job, """{ "data": "pbc3", "rounds": 5, "client_dp": { "noise_multiplier": 1.0, "clip_norm": 0.5, "accountant": "rdp" } }""");

        // When it runs
        var run = CliRun.Of("simulate", "--job", job, "--out", dir.Sub("run"));

        // Then ε grows each round as the RDP accountant gives it for q = 1, and the report says it protects little
        Assert.Equal(0, run.ExitCode);
        var lines = File.ReadAllLines(Path.Combine(dir.Sub("run"), "rounds.csv"));
        var eps = Array.IndexOf(lines[0].Split(','), "epsilon");
        var pooled = lines.Skip(1).Select(l => l.Split(',')).Where(c => c[1] == "(pooled)").Select(c => double.Parse(c[eps], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(5, pooled.Count);
        Assert.True(pooled.Zip(pooled.Skip(1)).All(p => p.First < p.Second));
        var expected = Arcanum.Federated.Privacy.ClientDpAccounting.Epsilon("rdp", 1.0, 6, 6, 5, 1e-5);
        Assert.Equal(expected, pooled[^1], 3);
        var privacy = JsonNode.Parse(File.ReadAllText(Path.Combine(dir.Sub("run"), "summary.json")))!["privacy"]!;
        Assert.Equal("client", (string?)privacy["level"]);
        Assert.True((bool)privacy["weak"]!);
        Assert.Contains("protects little", File.ReadAllText(Path.Combine(dir.Sub("run"), "report.html")));
    }

    [Fact]
    public void Simulate_ClientLevelDpUnderSecureAggregation_SitesAddTheNoiseAndTheSummarySaysTheServerIsCovered()
    {
        // Given client-level DP with secure aggregation: each of pbc3's six units adds its share of the noise
        using var dir = new TempDir();
        var job = Path.Combine(dir.Path, "job.json");
        File.WriteAllText(job, """{ "data": "pbc3", "rounds": 3, "min_sites": 3, "secure_aggregation": true, "client_dp": { "noise_multiplier": 1.0, "clip_norm": 0.5, "accountant": "rdp" } }""");

        // When it runs
        var run = CliRun.Of("simulate", "--job", job, "--out", dir.Sub("run"));

        // Then no site dropped, so ε is the central mechanism's, and the summary says the noise was added before the server saw anything
        Assert.True(run.ExitCode == 0, run.Error);
        var privacy = JsonNode.Parse(File.ReadAllText(Path.Combine(dir.Sub("run"), "summary.json")))!["privacy"]!;
        Assert.Equal(Arcanum.Federated.Privacy.ClientDpAccounting.Epsilon("rdp", 1.0, 6, 6, 3, 1e-5), (double)privacy["epsilon"]!, 3);
        Assert.True((bool)privacy["protects_against_server"]!);
        Assert.Contains("distributed noise", (string?)privacy["mechanism"]);
        Assert.Contains("the server saw only the noisy sum", File.ReadAllText(Path.Combine(dir.Sub("run"), "report.html")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Simulate_ClientDpWithoutNoiseAllowed_RunsClippingOnlyAndSaysEpsilonIsInfinite(bool secure)
    {
        // Given client_dp with noise multiplier 0, which only allow_infinite_epsilon lets through
        using var dir = new TempDir();
        var job = Path.Combine(dir.Path, "job.json");
        File.WriteAllText(job, $$"""{ "data": "pbc3", "rounds": 2, "min_sites": 3, "secure_aggregation": {{(secure ? "true" : "false")}}, "client_dp": { "noise_multiplier": 0, "clip_norm": 0.5, "allow_infinite_epsilon": true } }""");

        // When it runs
        var run = CliRun.Of("simulate", "--job", job, "--out", dir.Sub("run"));

        // Then it trains (clipping only) and states that there is no guarantee, rather than crash or print a finite ε
        Assert.True(run.ExitCode == 0, run.Error);
        var privacy = JsonNode.Parse(File.ReadAllText(Path.Combine(dir.Sub("run"), "summary.json")))!["privacy"]!;
        Assert.Null(privacy["epsilon"]);
        Assert.True((bool)privacy["weak"]!);
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
