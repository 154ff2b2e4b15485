using Arcanum.Network.Protocol;
using Arcanum.Network.Tests.Support;
using Task = System.Threading.Tasks.Task;

namespace Arcanum.Network.Tests;

/// <summary>Real site agents in-process against the real server: policies, restarts, the job queue.</summary>
[Collection("processes")]
public sealed class SiteAgentJobTests
{
    private static readonly string[] Sites = ["hospital-a", "hospital-b"];

    private static string PimaJob(string extra) => $$"""{ "data": "pima", "target": "diabetes", "positive": "pos", "round_timeout_s": 60, {{extra}} }""";

    [Theory]
    [InlineData("fedprox", 1, "algorithm fedprox is not allowed here")]
    [InlineData("fedavg", 1, "this site requires min_sites >= 2")]
    public async Task A_refusing_site_is_left_out_and_the_admin_sees_why(string algorithm, int jobMinSites, string reason)
    {
        await using var server = await InProcessServer.StartAsync();
        server.WritePimaSites(Sites);
        var strict = new Protocol.SitePolicy { MinSites = 2 };
        strict.AllowedAlgorithms.Add("fedavg");
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var agents = Sites.Select(s => server.Agent(s, s == "hospital-b" ? strict : null)).ToList();
        var running = agents.Select(a => Task.Run(() => a.RunAsync(stop.Token))).ToList();
        await server.WaitForOnlineSitesAsync(2, stop.Token);

        var job = await server.AdminClient().SubmitJobAsync(new SubmitJobRequest { JobJson = PimaJob($$""" "algorithm": "{{algorithm}}", "rounds": 2, "min_sites": {{jobMinSites}} """) });
        var info = await server.WaitForJobAsync(job.JobId, stop.Token);

        Assert.Equal("completed", info.State);
        Assert.Equal(0, agents[0].PreparedJobs);   // the finished job's rows were let go after its final evaluation
        Assert.Equal(["hospital-a"], info.Sites);
        Assert.Contains(info.Events, e => e.Contains("hospital-b", StringComparison.Ordinal) && e.Contains(reason, StringComparison.Ordinal));
        await stop.CancelAsync();
        await Task.WhenAll(running);
    }

    [Fact]
    public async Task An_aborted_jobs_rows_are_let_go_by_its_sites_though_no_last_task_comes()
    {
        // Given two sites training a long job, and a third registered site that only asks
        string[] sites = ["hospital-a", "hospital-b", "hospital-c"];
        await using var server = await InProcessServer.StartAsync(sites: sites);
        server.WritePimaSites(Sites);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var agents = Sites.Select(s => server.Agent(s)).ToList();
        var running = agents.Select(a => Task.Run(() => a.RunAsync(stop.Token))).ToList();
        await server.WaitForOnlineSitesAsync(2, stop.Token);
        var job = await server.AdminClient().SubmitJobAsync(new SubmitJobRequest { JobJson = PimaJob(""" "rounds": 500, "min_sites": 2 """) });
        await Until(() => agents.All(a => a.PreparedJobs == 1), stop.Token);

        // The server tells a site which of the jobs it holds are over: a running job is not, an unknown one is
        await server.RegisterAsync("hospital-c");
        var asked = new HeartbeatRequest();
        asked.HeldJobIds.Add(job.JobId);
        asked.HeldJobIds.Add("no-such-job");
        Assert.Equal(["no-such-job"], (await server.Site("hospital-c").HeartbeatAsync(asked, cancellationToken: stop.Token)).EndedJobIds);

        // When the admin aborts the job, no last evaluation comes; the heartbeat's answer lets the sites drop its rows
        await server.AdminClient().AbortJobAsync(new GetJobRequest { JobId = job.JobId }, cancellationToken: stop.Token);
        await Until(() => agents.All(a => a.PreparedJobs == 0), stop.Token);
        Assert.Equal([job.JobId], (await server.Site("hospital-c").HeartbeatAsync(asked, cancellationToken: stop.Token)).EndedJobIds.Where(id => id == job.JobId));
        await stop.CancelAsync();
        await Task.WhenAll(running);
    }

    /// <summary>Waits (bounded by <paramref name="ct"/>) until <paramref name="done"/> holds.</summary>
    private static async Task Until(Func<bool> done, CancellationToken ct)
    {
        while (!done()) await Task.Delay(100, ct);
    }

    [Fact]
    public async Task A_dp_job_reports_each_sites_spend_and_a_site_with_a_stricter_limit_refuses()
    {
        // Given hospital-b accepts at most epsilon 1, and a job that allows 3
        await using var server = await InProcessServer.StartAsync();
        server.WritePimaSites(Sites);
        var strict = new Protocol.SitePolicy { MinSites = 1, MaxEpsilon = 1 };
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var running = Sites.Select(s => server.Agent(s, s == "hospital-b" ? strict : null)).Select(a => Task.Run(() => a.RunAsync(stop.Token))).ToList();
        await server.WaitForOnlineSitesAsync(2, stop.Token);

        // When the job runs
        var job = await server.AdminClient().SubmitJobAsync(new SubmitJobRequest { JobJson = PimaJob(""" "rounds": 3, "dp": { "epsilon": 3, "delta": 1e-5 } """) });
        var info = await server.WaitForJobAsync(job.JobId, stop.Token);

        // Then hospital-b refused, saying why, and hospital-a trained with DP-SGD and reported what it spent each round
        Assert.Equal("completed", info.State);
        Assert.Equal(["hospital-a"], info.Sites);
        Assert.Contains(info.Events, e => e.Contains("hospital-b", StringComparison.Ordinal) && e.Contains("exceeds this site's limit of 1", StringComparison.Ordinal));
        var results = Arcanum.Network.Server.JobRun.ResultsDirectory(server.Context.Workspace, job.JobId);
        var lines = File.ReadAllLines(Path.Combine(results, "rounds.csv"));
        var eps = Array.IndexOf(lines[0].Split(','), "epsilon");
        Assert.True(eps > 0, lines[0]);
        var spent = lines.Skip(1).Select(l => l.Split(',')).Where(c => c[1] == "hospital-a" && c[eps].Length > 0)
            .Select(c => (Round: int.Parse(c[0], System.Globalization.CultureInfo.InvariantCulture), Epsilon: double.Parse(c[eps], System.Globalization.CultureInfo.InvariantCulture)))
            .OrderBy(x => x.Round).ToList();
        Assert.Equal([1, 2, 3], spent.Select(x => x.Round));
        Assert.True(spent[0].Epsilon < spent[1].Epsilon && spent[1].Epsilon < spent[2].Epsilon);
        Assert.InRange(spent[2].Epsilon, 2.9, 3.01);
        var summary = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(results, "summary.json")))!;
        Assert.InRange((double)summary["privacy"]!["epsilon_spent"]!["hospital-a"]!, 2.9, 3.01);
        await stop.CancelAsync();
        await Task.WhenAll(running);
    }

    [Fact]
    public async Task A_client_dp_job_on_the_network_reports_the_epsilon_the_accountant_gives()
    {
        // Given two sites and a job with client-level DP (the server clips and noises the sum)
        await using var server = await InProcessServer.StartAsync();
        server.WritePimaSites(Sites);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var running = Sites.Select(s => server.Agent(s)).Select(a => Task.Run(() => a.RunAsync(stop.Token))).ToList();
        await server.WaitForOnlineSitesAsync(2, stop.Token);

        // When it runs three rounds
        var job = await server.AdminClient().SubmitJobAsync(new SubmitJobRequest
        {
            JobJson = PimaJob(""" "rounds": 3, "min_sites": 2, "client_dp": { "noise_multiplier": 1.0, "clip_norm": 0.5, "accountant": "rdp" } """),
        });
        var info = await server.WaitForJobAsync(job.JobId, stop.Token);

        // Then ε is the RDP accountant's for σ = 1, q = 1, three rounds, and the report says it protects little and not against the server
        Assert.True(info.State == "completed", info.Message);
        var results = Arcanum.Network.Server.JobRun.ResultsDirectory(server.Context.Workspace, job.JobId);
        var privacy = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(results, "summary.json")))!["privacy"]!;
        Assert.Equal(Arcanum.Federated.Privacy.ClientDpAccounting.Epsilon("rdp", 1.0, 2, 2, 3, 1e-5), (double)privacy["epsilon"]!, 3);
        Assert.False((bool)privacy["protects_against_server"]!);
        Assert.True(File.Exists(Path.Combine(server.Context.Workspace, "jobs", job.JobId, "client-dp-ledger.json")));
        await stop.CancelAsync();
        await Task.WhenAll(running);
    }

    [Fact]
    public async Task A_restarted_site_restores_its_scaffold_state()
    {
        await using var server = await InProcessServer.StartAsync();
        server.WritePimaSites(Sites);
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        Arcanum.Network.Site.SiteAgent Agent(string s) => server.Agent(s, log: line => log.Enqueue($"{s}: {line}"), workspace: server.Dir.Sub($"{s}-workspace"));
        using var stopAll = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var stopB = CancellationTokenSource.CreateLinkedTokenSource(stopAll.Token);
        var a = Task.Run(() => Agent("hospital-a").RunAsync(stopAll.Token));
        var b = Task.Run(() => Agent("hospital-b").RunAsync(stopB.Token));
        await server.WaitForOnlineSitesAsync(2, stopAll.Token);
        var admin = server.AdminClient();
        // Enough rounds that the job cannot finish between stopping hospital-b and its restart (with 4 it sometimes did).
        var job = await admin.SubmitJobAsync(new SubmitJobRequest { JobJson = PimaJob(""" "algorithm": "scaffold", "rounds": 30, "local_epochs": 5, "min_sites": 2 """) });
        while ((await admin.GetJobAsync(new GetJobRequest { JobId = job.JobId })).RoundsDone < 1) await Task.Delay(50, stopAll.Token);
        await stopB.CancelAsync();
        await b;
        var state = Path.Combine(server.Dir.Sub("hospital-b-workspace"), "jobs", job.JobId, "site-state.safetensors");
        Assert.True(File.Exists(state), string.Join("\n", log));

        var restarted = Task.Run(() => Agent("hospital-b").RunAsync(stopAll.Token));
        var info = await server.WaitForJobAsync(job.JobId, stopAll.Token);
        Assert.Equal("completed", info.State);
        Assert.Contains(log, l => l.StartsWith("hospital-b: ", StringComparison.Ordinal) && l.Contains("restored this site's scaffold state", StringComparison.Ordinal));
        await stopAll.CancelAsync();
        await Task.WhenAll(a, restarted);
    }

    [Fact]
    public async Task A_second_job_waits_in_the_queue_and_then_runs()
    {
        // max_concurrent_jobs is 1 in a provisioned server kit.
        await using var server = await InProcessServer.StartAsync();
        server.WritePimaSites(Sites);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var running = Sites.Select(s => server.Agent(s)).Select(a => Task.Run(() => a.RunAsync(stop.Token))).ToList();
        await server.WaitForOnlineSitesAsync(2, stop.Token);
        var admin = server.AdminClient();
        var job = PimaJob(""" "rounds": 3, "local_epochs": 5, "min_sites": 2 """);

        var first = await admin.SubmitJobAsync(new SubmitJobRequest { JobJson = job });
        var second = await admin.SubmitJobAsync(new SubmitJobRequest { JobJson = job });
        Assert.Equal(0, first.QueuePosition);
        Assert.Equal(1, second.QueuePosition);

        var firstDone = await server.WaitForJobAsync(first.JobId, stop.Token);
        var secondDone = await server.WaitForJobAsync(second.JobId, stop.Token);
        Assert.Equal("completed", firstDone.State);
        Assert.Equal("completed", secondDone.State);
        Assert.Equal(3, firstDone.RoundsDone);
        // The test's site files carry a "hospital" column, constant within each site: never a feature, and the admin is told.
        Assert.Contains(firstDone.Events, e => e.Contains("constant within every site", StringComparison.Ordinal) && e.Contains("hospital", StringComparison.Ordinal));
        Assert.True(firstDone.FinishedUnixMs <= server.Context.Store.GetJob(second.JobId)!.StartedMs, "the second job started before the first ended");
        await stop.CancelAsync();
        await Task.WhenAll(running);
    }
}
