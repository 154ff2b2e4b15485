using Arcanum.Network.Protocol;
using Arcanum.Network.Site;
using Arcanum.Network.Tests.Support;
using Arcanum.Torch;
using Task = System.Threading.Tasks.Task;

namespace Arcanum.Network.Tests;

/// <summary>A site's policy refuses jobs it does not accept; the refusal reaches the admin and the job goes on without it.</summary>
[Collection("processes")]
public sealed class SitePolicyTests
{
    [Theory]
    [InlineData("fedprox", 1, "algorithm fedprox is not allowed here")]
    [InlineData("fedavg", 1, "this site requires min_sites >= 2")]
    public async Task A_refusing_site_is_left_out_and_the_admin_sees_why(string algorithm, int jobMinSites, string reason)
    {
        await using var server = await InProcessServer.StartAsync();
        string[] sites = ["hospital-a", "hospital-b"];
        LocalFederation.WritePimaSites(server.Dir.Sub("full.csv"), sites, s => server.Dir.Sub($"{s}.csv"));
        var strict = new Protocol.SitePolicy { MinSites = 2 };
        strict.AllowedAlgorithms.Add("fedavg");
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var agents = sites.Select(s => new SiteAgent(server.Site(s), new TorchLearner("cpu"), new Dictionary<string, string> { ["pima"] = server.Dir.Sub($"{s}.csv") },
            s == "hospital-b" ? strict : new Protocol.SitePolicy(), _ => { })).ToList();
        var running = agents.Select(a => Task.Run(() => a.RunAsync(stop.Token))).ToList();
        var admin = server.AdminClient();
        while ((await admin.ListSitesAsync(new ListSitesRequest())).Sites.Count(x => x.State == "online") < 2) await Task.Delay(100, stop.Token);

        var job = await admin.SubmitJobAsync(new SubmitJobRequest
        {
            JobJson = $$"""
                { "data": "pima", "target": "diabetes", "positive": "pos", "algorithm": "{{algorithm}}", "rounds": 2, "min_sites": {{jobMinSites}}, "round_timeout_s": 60 }
                """,
        });
        JobInfo info;
        do
        {
            await Task.Delay(200, stop.Token);
            info = await admin.GetJobAsync(new GetJobRequest { JobId = job.JobId });
        }
        while (info.State is "queued" or "running");

        Assert.Equal("completed", info.State);
        Assert.Equal(["hospital-a"], info.Sites);
        Assert.Contains(info.Events, e => e.Contains("hospital-b", StringComparison.Ordinal) && e.Contains(reason, StringComparison.Ordinal));
        await stop.CancelAsync();
        await Task.WhenAll(running);
    }
}

/// <summary>A restarted site carries on with the algorithm state it had (SCAFFOLD's c_i), from its workspace.</summary>
[Collection("processes")]
public sealed class SiteStateTests
{
    [Fact]
    public async Task A_restarted_site_restores_its_scaffold_state()
    {
        await using var server = await InProcessServer.StartAsync();
        string[] sites = ["hospital-a", "hospital-b"];
        LocalFederation.WritePimaSites(server.Dir.Sub("full.csv"), sites, s => server.Dir.Sub($"{s}.csv"));
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        SiteAgent Agent(string s) => new(server.Site(s), new TorchLearner("cpu"), new Dictionary<string, string> { ["pima"] = server.Dir.Sub($"{s}.csv") },
            new Protocol.SitePolicy(), line => log.Enqueue($"{s}: {line}")) { Workspace = server.Dir.Sub($"{s}-workspace") };
        using var stopAll = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var stopB = CancellationTokenSource.CreateLinkedTokenSource(stopAll.Token);
        var a = Task.Run(() => Agent("hospital-a").RunAsync(stopAll.Token));
        var b = Task.Run(() => Agent("hospital-b").RunAsync(stopB.Token));
        var admin = server.AdminClient();
        while ((await admin.ListSitesAsync(new ListSitesRequest())).Sites.Count(x => x.State == "online") < 2) await Task.Delay(100, stopAll.Token);
        var job = await admin.SubmitJobAsync(new SubmitJobRequest
        {
            JobJson = """{ "data": "pima", "target": "diabetes", "positive": "pos", "algorithm": "scaffold", "rounds": 4, "local_epochs": 5, "min_sites": 2, "round_timeout_s": 60 }""",
        });
        while ((await admin.GetJobAsync(new GetJobRequest { JobId = job.JobId })).RoundsDone < 1) await Task.Delay(50, stopAll.Token);
        await stopB.CancelAsync();
        await b;
        var state = Path.Combine(server.Dir.Sub("hospital-b-workspace"), "jobs", job.JobId, "site-state.safetensors");
        Assert.True(File.Exists(state), string.Join("\n", log));

        var restarted = Task.Run(() => Agent("hospital-b").RunAsync(stopAll.Token));
        JobInfo info;
        do
        {
            await Task.Delay(200, stopAll.Token);
            info = await admin.GetJobAsync(new GetJobRequest { JobId = job.JobId });
        }
        while (info.State is "queued" or "running");
        Assert.Equal("completed", info.State);
        Assert.Contains(log, l => l.StartsWith("hospital-b: ", StringComparison.Ordinal) && l.Contains("restored this site's scaffold state", StringComparison.Ordinal));
        await stopAll.CancelAsync();
        await Task.WhenAll(a, restarted);
    }
}
