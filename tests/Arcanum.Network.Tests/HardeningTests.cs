using System.Collections.Concurrent;
using Arcanum.Data;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Setup;
using Arcanum.Network.Protocol;
using Arcanum.Network.Site;
using Arcanum.Network.Tests.Support;
using Arcanum.Network.Transport;
using Arcanum.Provisioning;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;

using Task = System.Threading.Tasks.Task;

namespace Arcanum.Network.Tests;

/// <summary>
/// What a new user ran into: a revoked site that kept training, a job that waited forever, rounds
/// that waited for dead sites, two processes with one kit, one malformed answer failing everyone.
/// </summary>
[Collection("processes")]
public sealed class HardeningTests
{
    private static readonly string[] Sites = ["hospital-a", "hospital-b"];

    private static string PimaJob(string extra) =>
        $$"""{ "data": "pima", "target": "diabetes", "positive": "pos", "exclude": ["hospital"], "round_timeout_s": 60, {{extra}} }""";

    [Fact]
    public async Task Revoke_ConnectedSite_IsRefusedOnItsOpenConnectionAndShownRevoked()
    {
        await using var server = await InProcessServer.StartAsync();
        await server.RegisterAsync("hospital-a");
        await server.RegisterAsync("hospital-b");
        var b = server.Site("hospital-b");
        await b.HeartbeatAsync(new HeartbeatRequest());   // the connection is open and served

        Provisioner.Revoke(server.Kits, "hospital-b");

        var refused = await Assert.ThrowsAsync<RpcException>(async () => await b.HeartbeatAsync(new HeartbeatRequest()));
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Contains("revoked", refused.Status.Detail);
        var sites = (await server.AdminClient().ListSitesAsync(new ListSitesRequest())).Sites;
        Assert.Equal("revoked", sites.Single(s => s.Name == "hospital-b").State);
        Assert.Equal("online", sites.Single(s => s.Name == "hospital-a").State);
    }

    [Fact]
    public async Task Revoke_SiteDuringJob_StopsTheSiteAndTheJobFinishesWithoutIt()
    {
        // A long heartbeat timeout: only the revocation itself can make the rounds stop waiting for the site.
        await using var server = await InProcessServer.StartAsync(heartbeatTimeoutSeconds: 120);
        server.WritePimaSites(Sites);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var a = Task.Run(() => server.Agent("hospital-a").RunAsync(stop.Token));
        var b = Task.Run(() => server.Agent("hospital-b").RunAsync(stop.Token));
        await server.WaitForOnlineSitesAsync(2, stop.Token);
        var admin = server.AdminClient();
        var job = await admin.SubmitJobAsync(new SubmitJobRequest { JobJson = PimaJob(""" "rounds": 40, "min_sites": 1 """) });
        while ((await admin.GetJobAsync(new GetJobRequest { JobId = job.JobId })).RoundsDone < 2) await Task.Delay(20, stop.Token);

        Provisioner.Revoke(server.Kits, "hospital-b");

        var stopped = await Assert.ThrowsAsync<SiteStoppedException>(() => b);
        Assert.Contains("revoked", stopped.Message);
        var info = await server.WaitForJobAsync(job.JobId, stop.Token);
        Assert.Equal("completed", info.State);
        Assert.Contains(info.Events, e => e.Contains("hospital-b gets no task: its certificate is no longer accepted", StringComparison.Ordinal));
        var rows = server.Context.Store.RoundRows(job.JobId);
        var lastRoundOfB = rows.Where(r => r.Site == "hospital-b" && r.Participated).Max(r => r.Round);
        Assert.True(lastRoundOfB < 40, "hospital-b trained in every round despite its revocation");
        Assert.All(rows.Where(r => r.Round > lastRoundOfB + 1), r => Assert.Equal("hospital-a", r.Site));
        await stop.CancelAsync();
        await a;
    }

    [Fact]
    public async Task Submit_DatasetNoSiteOffers_IsRefusedNamingWhatSitesOffer()
    {
        await using var server = await InProcessServer.StartAsync();
        await server.RegisterAsync("hospital-a");

        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await server.AdminClient().SubmitJobAsync(new SubmitJobRequest { JobJson = """{ "data": "pbc4", "target": "status", "rounds": 1 }""" }));

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("No registered site offers dataset 'pbc4'", refused.Status.Detail);
        Assert.Contains("Sites offer: pima", refused.Status.Detail);
        Assert.Empty(server.Context.Store.ListJobs());
    }

    [Fact]
    public async Task Submit_SegmentationWithAUNetThatCannotBeBuilt_IsRefusedBeforeAnySiteLoadsAnImage()
    {
        await using var server = await InProcessServer.StartAsync();
        await server.RegisterAsync("hospital-a");

        var refused = await Assert.ThrowsAsync<RpcException>(async () => await server.AdminClient().SubmitJobAsync(new SubmitJobRequest
        {
            JobJson = """{ "data": "pima", "task": "segmentation", "model": "unet", "hidden": [4, 8], "image_size": 64, "rounds": 1 }""",
        }));

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("multiples of 8", refused.Status.Detail);
        Assert.Empty(server.Context.Store.ListJobs());
    }

    [Fact]
    public async Task SegmentationJob_SitesWithGreyAndColourImages_FailsAtSetupNamingEachSitesChannels()
    {
        await using var server = await InProcessServer.StartAsync();
        PhantomHospitals.Write(server.Dir.Sub("grey"), seed: 1, "hospital-a");
        PhantomHospitals.Write(server.Dir.Sub("colour"), seed: 2, colour: true, "hospital-b");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var a = Task.Run(() => server.Agent("hospital-a", datasets: new Dictionary<string, string> { ["lgg"] = server.Dir.Sub("grey/hospital-a") }).RunAsync(stop.Token));
        var b = Task.Run(() => server.Agent("hospital-b", datasets: new Dictionary<string, string> { ["lgg"] = server.Dir.Sub("colour/hospital-b") }).RunAsync(stop.Token));
        await server.WaitForOnlineSitesAsync(2, stop.Token);

        var job = await server.AdminClient().SubmitJobAsync(new SubmitJobRequest
        {
            JobJson = """{ "data": "lgg", "task": "segmentation", "model": "unet", "hidden": [8, 16], "image_size": 16, "rounds": 1, "min_sites": 2 }""",
        });
        var info = await server.WaitForJobAsync(job.JobId, stop.Token);

        Assert.Equal("failed", info.State);
        Assert.Contains("different channel counts (hospital-a: 1, hospital-b: 3)", info.Message);
        await stop.CancelAsync();
        await Task.WhenAll(a, b);
    }

    [Fact]
    public async Task RunningJob_TooFewSitesBeforeSiteWaitTimeout_FailsWithTheReasonAndTheQueueMovesOn()
    {
        await using var server = await InProcessServer.StartAsync();
        await server.RegisterAsync("hospital-a");
        var admin = server.AdminClient();
        var starving = await admin.SubmitJobAsync(new SubmitJobRequest { JobJson = PimaJob(""" "rounds": 1, "min_sites": 2, "site_wait_timeout_s": 1 """) });
        var next = await admin.SubmitJobAsync(new SubmitJobRequest { JobJson = PimaJob(""" "rounds": 1, "min_sites": 2, "site_wait_timeout_s": 1 """) });
        Assert.Contains($"queued behind {starving.JobId}", (await admin.GetJobAsync(new GetJobRequest { JobId = next.JobId })).Message);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var failed = await server.WaitForJobAsync(starving.JobId, timeout.Token);

        Assert.Equal("failed", failed.State);
        Assert.Contains("site_wait_timeout_s", failed.Message);
        Assert.Contains("min_sites", failed.Message);
        Assert.Contains("Sites that offer it: hospital-a", failed.Message);
        Assert.Equal("failed", (await server.WaitForJobAsync(next.JobId, timeout.Token)).State);   // it ran in turn, and failed the same way
    }

    [Fact]
    public async Task Register_SecondProcessWithTheSameKit_ReplacesTheFirstWhichIsToldToStop()
    {
        await using var server = await InProcessServer.StartAsync();
        server.WritePimaSites(Sites);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var first = Task.Run(() => server.Agent("hospital-a").RunAsync(stop.Token));
        await server.WaitForOnlineSitesAsync(1, stop.Token);

        var second = Task.Run(() => server.Agent("hospital-a").RunAsync(stop.Token));

        var stopped = await Assert.ThrowsAsync<SiteStoppedException>(() => first);
        Assert.Contains("superseded", stopped.Message);
        Assert.Contains(server.Log, l => l.Contains("hospital-a registered again", StringComparison.Ordinal));
        Assert.False(second.IsCompleted);
        await stop.CancelAsync();
        await second;
    }

    [Fact]
    public async Task PullTask_WaitingWhenANewerProcessRegisters_IsToldItWasSupersededAndTheTaskGoesToTheNewOne()
    {
        await using var server = await InProcessServer.StartAsync();
        await server.RegisterAsync("hospital-a");
        var old = server.Site("hospital-a");
        var waiting = old.PullTaskAsync(new PullTaskRequest { WaitMs = 20_000 }).ResponseAsync;
        await Task.Delay(200);   // the old process is now inside its long poll

        var newer = server.SecondProcess("hospital-a");
        await newer.RegisterAsync(new RegisterRequest { Datasets = { "pima" }, Policy = new Protocol.SitePolicy() });
        var pulling = newer.PullTaskAsync(new PullTaskRequest { WaitMs = 20_000 }).ResponseAsync;
        await server.AdminClient().SubmitJobAsync(new SubmitJobRequest { JobJson = PimaJob(""" "rounds": 1, "min_sites": 1 """) });

        var superseded = await Assert.ThrowsAsync<RpcException>(() => waiting);
        Assert.Equal(StatusCode.Aborted, superseded.StatusCode);
        Assert.StartsWith("superseded", superseded.Status.Detail);
        var task = (await pulling).Task;
        Assert.NotNull(task);
        Assert.Equal(TaskKind.Describe, task.Kind);
    }

    [Fact]
    public async Task Heartbeat_ClosedTask_IsAbandonedOnceAndOnlyByTheSessionThatHadIt()
    {
        await using var server = await InProcessServer.StartAsync();
        await server.RegisterAsync("hospital-a");
        await server.RegisterAsync("hospital-b");
        await server.AdminClient().SubmitJobAsync(new SubmitJobRequest
        {
            JobJson = """{ "data": "pima", "target": "diabetes", "positive": "pos", "rounds": 1, "min_sites": 2, "round_timeout_s": 1 }""",
        });
        var site = server.Site("hospital-a");
        var task = (await site.PullTaskAsync(new PullTaskRequest { WaitMs = 10_000 })).Task;

        var abandoned = new List<string>();
        for (var i = 0; i < 100 && abandoned.Count == 0; i++)
        {
            await Task.Delay(100);
            abandoned.AddRange((await site.HeartbeatAsync(new HeartbeatRequest())).AbandonTaskIds);
        }

        Assert.Equal([task.TaskId], abandoned);
        Assert.Empty((await site.HeartbeatAsync(new HeartbeatRequest())).AbandonTaskIds);
        var restarted = server.SecondProcess("hospital-a");
        await restarted.RegisterAsync(new RegisterRequest { Datasets = { "pima" }, Policy = new Protocol.SitePolicy() });
        Assert.Empty((await restarted.HeartbeatAsync(new HeartbeatRequest())).AbandonTaskIds);
    }

    [Fact]
    public async Task SubmitResult_MalformedAnswers_AreRefusedToTheirSiteAndTheJobGoesOnWithTheOthers()
    {
        await using var server = await InProcessServer.StartAsync();
        server.WritePimaSites(Sites);
        await server.RegisterAsync("hospital-a");
        await server.RegisterAsync("hospital-b");
        var json = PimaJob(""" "rounds": 1, "min_sites": 1 """);
        var submitted = await server.AdminClient().SubmitJobAsync(new SubmitJobRequest { JobJson = json });
        var job = JobSpec.Parse(json);
        var a = server.Site("hospital-a");
        var b = server.Site("hospital-b");
        var describeA = (await a.PullTaskAsync(new PullTaskRequest { WaitMs = 10_000 })).Task;
        var describeB = (await b.PullTaskAsync(new PullTaskRequest { WaitMs = 10_000 })).Task;

        // The shape a third party read from the old proto comments: features as objects.
        var wrongShape = await Assert.ThrowsAsync<RpcException>(() => SubmitAsync(a, describeA,
            """{ "rows": 10, "target_values": ["neg", "pos"], "features": [{ "name": "age", "type": "numeric" }] }"""));
        Assert.Equal(StatusCode.InvalidArgument, wrongShape.StatusCode);
        Assert.Contains("$.features", wrongShape.Status.Detail);
        var table = CsvTableReader.Read(server.SiteCsv("hospital-b"));
        var d = TablePreparation.Describe(table, job, "pima");
        Assert.True((await SubmitAsync(b, describeB, WireJson.Write(new DescribeResult(d.Rows, d.TargetValues, d.Features, d.Columns)))).Accepted);

        // Only hospital-b goes on to the statistics step; its answer there misses the statistics' version.
        var statistics = (await b.PullTaskAsync(new PullTaskRequest { WaitMs = 10_000 })).Task;
        Assert.Equal(TaskKind.Statistics, statistics.Kind);
        var noVersion = await Assert.ThrowsAsync<RpcException>(() => SubmitAsync(b, statistics,
            """{ "train_rows": 3, "holdout_rows": 1, "class_counts": [2, 1], "statistics": { "row_count": 3, "columns": [] } }"""));
        Assert.Equal(StatusCode.InvalidArgument, noVersion.StatusCode);
        Assert.Contains("$.statistics", noVersion.Status.Detail);

        var info = await server.WaitForJobAsync(submitted.JobId, CancellationToken.None);
        Assert.Equal("failed", info.State);
        Assert.Contains(info.Events, e => e.Contains("hospital-a", StringComparison.Ordinal) && e.Contains("$.features", StringComparison.Ordinal));
        Assert.Contains(info.Events, e => e.Contains("hospital-b", StringComparison.Ordinal) && e.Contains("$.statistics", StringComparison.Ordinal));
        Assert.Contains("Only 0 site(s) summarised their data", info.Message);
    }

    [Fact]
    public async Task Statistics_SiteMissingAFeatureColumn_RefusesNamingItAndTheJobGoesOnWithoutIt()
    {
        await using var server = await InProcessServer.StartAsync();
        server.WritePimaSites(Sites);
        var lines = File.ReadAllLines(server.SiteCsv("hospital-b"));
        var age = lines[0].Split(',').ToList().FindIndex(h => h.Trim('"') == "age");
        File.WriteAllLines(server.SiteCsv("hospital-b"), lines.Select(l => string.Join(",", l.Split(',').Where((_, i) => i != age))));
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var running = Sites.Select(s => Task.Run(() => server.Agent(s).RunAsync(stop.Token))).ToList();
        await server.WaitForOnlineSitesAsync(2, stop.Token);

        var job = await server.AdminClient().SubmitJobAsync(new SubmitJobRequest { JobJson = PimaJob(""" "rounds": 2, "min_sites": 1 """) });
        var info = await server.WaitForJobAsync(job.JobId, stop.Token);

        Assert.Equal("completed", info.State);
        Assert.Equal(["hospital-a"], info.Sites);
        Assert.Contains(info.Events, e => e.Contains("hospital-b refused", StringComparison.Ordinal) && e.Contains("no column 'age'", StringComparison.Ordinal));
        await stop.CancelAsync();
        await Task.WhenAll(running);
    }

    [Fact]
    public async Task Rounds_SiteThatDied_IsNotGivenTasksUntilItReconnects()
    {
        await using var server = await InProcessServer.StartAsync(heartbeatTimeoutSeconds: 2);
        server.WritePimaSites(Sites);
        using var stopAll = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var stopB = CancellationTokenSource.CreateLinkedTokenSource(stopAll.Token);
        var a = Task.Run(() => server.Agent("hospital-a").RunAsync(stopAll.Token));
        var b = Task.Run(() => server.Agent("hospital-b").RunAsync(stopB.Token));
        await server.WaitForOnlineSitesAsync(2, stopAll.Token);
        var admin = server.AdminClient();
        var job = await admin.SubmitJobAsync(new SubmitJobRequest { JobJson = PimaJob(""" "rounds": 12, "local_epochs": 3, "min_sites": 1 """) });
        while ((await admin.GetJobAsync(new GetJobRequest { JobId = job.JobId })).RoundsDone < 2) await Task.Delay(20, stopAll.Token);

        await stopB.CancelAsync();   // as a kill: no goodbye
        await b;

        var info = await server.WaitForJobAsync(job.JobId, stopAll.Token);
        Assert.Equal("completed", info.State);
        // Only the round hospital-b died in waits for it; later rounds give it no task at all.
        Assert.True(info.Events.Count(e => e.Contains("hospital-b did not take part", StringComparison.Ordinal)) <= 1, string.Join("\n", info.Events));
        Assert.Contains(info.Events, e => e.Contains("hospital-b gets no task: it is offline", StringComparison.Ordinal));
        await stopAll.CancelAsync();
        await a;
    }

    [Fact]
    public async Task ListAudit_RepeatedStatusPolls_AreRecordedOnceAndTheLogIsReadable()
    {
        await using var server = await InProcessServer.StartAsync();
        await server.RegisterAsync("hospital-a");
        var admin = server.AdminClient();
        var job = await admin.SubmitJobAsync(new SubmitJobRequest { JobJson = PimaJob(""" "rounds": 1, "min_sites": 2 """) });

        for (var i = 0; i < 20; i++) await admin.GetJobAsync(new GetJobRequest { JobId = job.JobId });
        var entries = (await admin.ListAuditAsync(new ListAuditRequest { Limit = 100 })).Entries;

        Assert.Single(entries, e => e.Action == "status" && e.Target == job.JobId);
        Assert.Contains(entries, e => e.Action == "submit" && e.Target == job.JobId && e.Allowed && e.Actor == "admin@example.org");
        var siteAdmin = await Assert.ThrowsAsync<RpcException>(async () =>
            await server.AdminClient("it@hospital-a.example.org").ListAuditAsync(new ListAuditRequest()));
        Assert.Equal(StatusCode.PermissionDenied, siteAdmin.StatusCode);
    }

    [Fact]
    public async Task Start_PortInUse_ThrowsWithoutLoggingAStackTrace()
    {
        await using var running = await InProcessServer.StartAsync();
        var log = new ConcurrentQueue<string>();
        await using var second = ServerHost.Build(running.Kit("server"), new Arcanum.Torch.TorchLearner("cpu"), running.Port,
            b => b.AddProvider(new InProcessServer.QueueLogger(log)));

        var e = await Assert.ThrowsAsync<IOException>(() => second.StartAsync());

        Assert.Contains("address already in use", e.Message);
        Assert.DoesNotContain(log, l => l.Contains("Hosting failed to start", StringComparison.Ordinal));
    }

    private static async Task<SubmitReply> SubmitAsync(Protocol.Federation.FederationClient site, Protocol.Task task, string resultJson)
    {
        using var call = site.SubmitResult(deadline: DateTime.UtcNow.AddSeconds(20));
        await call.RequestStream.WriteAsync(new ResultPart { Header = new ResultHeader { TaskId = task.TaskId, Status = ResultStatus.Ok, ResultJson = resultJson } });
        await call.RequestStream.CompleteAsync();
        return await call.ResponseAsync;
    }
}
