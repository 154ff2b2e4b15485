using System.Text.Json.Nodes;
using Arcanum.Core.Weights;
using Arcanum.Network.Tests.Support;

namespace Arcanum.Network.Tests;

/// <summary>
/// Real processes on 127.0.0.1: a provisioned project, a server, three hospital sites, and the
/// admin commands a user types. Every wait is bounded.
/// </summary>
[Collection("processes")]
public sealed class EndToEndTests
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public void A_job_over_the_network_gives_the_simulators_model()
    {
        using var f = new LocalFederation();
        f.StartServer();
        foreach (var s in LocalFederation.SiteNames) f.StartSite(s);
        f.WaitForOnlineSites(3, TimeSpan.FromSeconds(60));

        var jobFile = f.JobFile("pima-fedavg", rounds: 5);
        var job = f.Submit(jobFile);
        var wait = f.WaitForJob(job, JobTimeout);
        Assert.True(wait.ExitCode == 0, wait.Output + wait.Error + f.Logs());
        Assert.Contains("completed", wait.Output);

        var results = f.Dir.Sub("results");
        var download = f.AdminRun("download", job, "--out", results + "/");   // a trailing slash, as users type it
        Assert.True(download.ExitCode == 0, download.Error);
        foreach (var file in new[] { "summary.json", "rounds.csv", "model.safetensors", "report.html", "encoding.json", "job.json" })
            Assert.True(File.Exists(Path.Combine(results, file)), file);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(results, "summary.json")))!;
        Assert.Equal("network", (string?)summary["mode"]);
        Assert.Null(summary["central"]);

        var network = SafeTensors.Read(Path.Combine(results, "model.safetensors"));
        var simulated = f.Simulate(jobFile, f.Dir.Sub("simulated"));
        Assert.True(LocalFederation.MaxDifference(network, simulated) < 1e-5f, $"max difference {LocalFederation.MaxDifference(network, simulated)}");
    }

    [Fact]
    public void A_site_that_dies_mid_job_is_left_out_and_rejoins_after_a_restart()
    {
        using var f = new LocalFederation(heartbeatTimeoutSeconds: 2);
        f.StartServer();
        var sites = LocalFederation.SiteNames.ToDictionary(s => s, f.StartSite);
        f.WaitForOnlineSites(3, TimeSpan.FromSeconds(60));
        // Rounds no longer wait for a dead site, so while hospital-c is down they are quick: slow ones
        // (60 local epochs) leave the restarted process time to start and rejoin before the job ends.
        var job = f.Submit(f.JobFile("pima-dropout", rounds: 40, localEpochs: 60));

        f.WaitForRounds(job, 3, JobTimeout);
        sites["hospital-c"].Kill();
        var killedAfter = f.RoundsDone(job);
        f.WaitForRounds(job, killedAfter + 3, JobTimeout);    // the others go on without it
        var restartedAfter = f.RoundsDone(job);
        f.StartSite("hospital-c");

        var wait = f.WaitForJob(job, JobTimeout);
        Assert.True(wait.ExitCode == 0, wait.Output + wait.Error + f.Logs());
        var results = f.Dir.Sub("results");
        Assert.Equal(0, f.AdminRun("download", job, "--out", results).ExitCode);
        var rows = File.ReadAllLines(Path.Combine(results, "rounds.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        var trainedC = rows.Where(r => r[1] == "hospital-c" && r[2] == "1").Select(r => int.Parse(r[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Contains(trainedC, r => r <= killedAfter);                 // before the kill
        Assert.Contains(trainedC, r => r > restartedAfter);               // after it rejoined
        Assert.Contains(Enumerable.Range(killedAfter + 1, 3), r => !trainedC.Contains(r));   // left out while dead
        // Every round was aggregated once, from at least min_sites sites.
        var perRound = rows.Where(r => r[1] != "(pooled)" && r[2] == "1").GroupBy(r => r[0]).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(40, perRound.Count);
        Assert.All(perRound.Values, n => Assert.InRange(n, 2, 3));
        Assert.Contains("hospital-c", f.AdminRun("status", job).Output);
    }

    [Fact]
    public void A_server_killed_mid_job_resumes_from_its_last_round_and_still_gives_the_simulators_model()
    {
        using var f = new LocalFederation();
        var server = f.StartServer();
        foreach (var s in LocalFederation.SiteNames) f.StartSite(s);
        f.WaitForOnlineSites(3, TimeSpan.FromSeconds(60));
        // min_sites 3: every round waits for every site, also while they reconnect to the new server process.
        var jobFile = f.JobFile("pima-restart", rounds: 30, localEpochs: 10, minSites: 3);
        var job = f.Submit(jobFile);

        f.WaitForRounds(job, 4, JobTimeout);
        server.Kill();
        f.StartServer();
        var wait = f.WaitForJob(job, JobTimeout);
        Assert.True(wait.ExitCode == 0, wait.Output + wait.Error + f.Logs());
        Assert.Contains("resumed from the checkpoint of round", f.AdminRun("status", job).Output);

        var results = f.Dir.Sub("results");
        Assert.Equal(0, f.AdminRun("download", job, "--out", results).ExitCode);
        var rows = File.ReadAllLines(Path.Combine(results, "rounds.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        // No round lost, none counted twice: one row per (round, site), all three sites trained every round.
        Assert.Equal(30 * 4, rows.Count);
        Assert.Equal(rows.Count, rows.Select(r => (r[0], r[1])).Distinct().Count());
        Assert.All(rows.Where(r => r[1] != "(pooled)"), r => Assert.Equal("1", r[2]));
        var network = SafeTensors.Read(Path.Combine(results, "model.safetensors"));
        var simulated = f.Simulate(jobFile, f.Dir.Sub("simulated"));
        Assert.True(LocalFederation.MaxDifference(network, simulated) < 1e-5f, $"max difference {LocalFederation.MaxDifference(network, simulated)}");
    }

    [Fact]
    public void A_server_killed_mid_client_dp_job_resumes_still_counting_epsilon()
    {
        // Given a client-level DP job (the server clips and noises) whose server is killed after round 2
        using var f = new LocalFederation();
        var server = f.StartServer();
        foreach (var s in LocalFederation.SiteNames) f.StartSite(s);
        f.WaitForOnlineSites(3, TimeSpan.FromSeconds(60));
        var jobFile = f.Dir.File("dp-restart.json", """
            { "name": "dp-restart", "data": "pima", "target": "diabetes", "positive": "pos", "model": "logreg", "rounds": 12,
              "local_epochs": 10, "batch_size": 32, "lr": 0.05, "seed": 7, "min_sites": 3, "round_timeout_s": 60,
              "client_dp": { "noise_multiplier": 1.0, "clip_norm": 0.5, "accountant": "rdp" } }
            """);
        var job = f.Submit(jobFile);
        f.WaitForRounds(job, 2, JobTimeout);
        server.Kill();

        // When it restarts and the job finishes
        f.StartServer();
        var wait = f.WaitForJob(job, JobTimeout);

        // Then ε covers all 12 rounds (13 if the round in flight at the kill had been recorded and is charged twice), never fewer
        Assert.True(wait.ExitCode == 0, wait.Output + wait.Error + f.Logs());
        Assert.Contains("resumed from the checkpoint of round", f.AdminRun("status", job).Output);
        var results = f.Dir.Sub("dp-results");
        Assert.Equal(0, f.AdminRun("download", job, "--out", results).ExitCode);
        var epsilon = (double)System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(results, "summary.json")))!["privacy"]!["epsilon"]!;
        var twelve = Arcanum.Federated.Privacy.ClientDpAccounting.Epsilon("rdp", 1.0, 3, 3, 12, 1e-5);
        var thirteen = Arcanum.Federated.Privacy.ClientDpAccounting.Epsilon("rdp", 1.0, 3, 3, 13, 1e-5);
        Assert.InRange(epsilon, twelve - 1e-3, thirteen + 1e-3);
    }
}
