using Arcanum.Network.Protocol;
using Arcanum.Network.Tests.Support;
using Arcanum.Provisioning;
using Google.Protobuf;
using Grpc.Core;

using Task = System.Threading.Tasks.Task;

namespace Arcanum.Network.Tests;

/// <summary>The server against misbehaving peers: wrong site, late, malformed, oversized, wrong role, wrong certificate.</summary>
[Collection("processes")]
public sealed class ProtocolTests
{
    private const string Job = """
        { "name": "probe", "data": "pima", "target": "diabetes", "positive": "pos", "rounds": 1, "min_sites": 2, "round_timeout_s": 2 }
        """;

    [Fact]
    public async Task A_site_cannot_answer_or_fetch_a_task_given_to_another_site()
    {
        await using var server = await InProcessServer.StartAsync();
        var (a, b) = await TwoSitesWithTasksAsync(server);

        var foreign = await Assert.ThrowsAsync<RpcException>(() => SubmitAsync(server.Site("hospital-b"), new ResultHeader { TaskId = a.TaskId, Status = ResultStatus.Ok, ResultJson = "{}" }));
        Assert.Equal(StatusCode.PermissionDenied, foreign.StatusCode);
        Assert.Contains("was not given to hospital-b", foreign.Status.Detail);
        var fetch = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = server.Site("hospital-b").DownloadPayload(new DownloadRequest { TaskId = a.TaskId });
            await call.ResponseStream.MoveNext();
        });
        Assert.Equal(StatusCode.PermissionDenied, fetch.StatusCode);
        Assert.Contains(server.Log, l => l.Contains("hospital-b tried to answer task", StringComparison.Ordinal));
        Assert.NotEqual(a.TaskId, b.TaskId);
    }

    [Fact]
    public async Task Malformed_and_oversized_messages_get_an_error_and_the_server_keeps_serving()
    {
        await using var server = await InProcessServer.StartAsync();
        var (a, _) = await TwoSitesWithTasksAsync(server);
        var site = server.Site("hospital-a");

        // A result that does not start with its header.
        var noHeader = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = site.SubmitResult();
            await call.RequestStream.WriteAsync(new ResultPart { Chunk = ByteString.CopyFrom(new byte[10]) });
            await call.RequestStream.CompleteAsync();
            await call.ResponseAsync;
        });
        Assert.Equal(StatusCode.InvalidArgument, noHeader.StatusCode);

        // One message over gRPC's 4 MiB limit.
        var oversized = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = site.SubmitResult();
            await call.RequestStream.WriteAsync(new ResultPart { Header = new ResultHeader { TaskId = a.TaskId, Status = ResultStatus.Ok, PayloadBytes = 5 << 20 } });
            await call.RequestStream.WriteAsync(new ResultPart { Chunk = ByteString.CopyFrom(new byte[5 << 20]) });
            await call.RequestStream.CompleteAsync();
            await call.ResponseAsync;
        });
        Assert.Equal(StatusCode.ResourceExhausted, oversized.StatusCode);

        // More payload than announced, and a damaged payload.
        var longer = await Assert.ThrowsAsync<RpcException>(() => SubmitAsync(site, new ResultHeader { TaskId = a.TaskId, Status = ResultStatus.Ok, PayloadBytes = 4 }, new byte[8], "x"));
        Assert.Equal(StatusCode.InvalidArgument, longer.StatusCode);
        var damaged = await Assert.ThrowsAsync<RpcException>(() => SubmitAsync(site, new ResultHeader { TaskId = a.TaskId, Status = ResultStatus.Ok, PayloadBytes = 4 }, new byte[4], new string('0', 64)));
        Assert.Equal(StatusCode.DataLoss, damaged.StatusCode);
        Assert.Contains("damaged", damaged.Status.Detail);

        // Still serving, and the task is still open for its site's real answer.
        var register = new RegisterRequest { Policy = new Protocol.SitePolicy() };
        register.Datasets.Add("pima");
        Assert.Equal("hospital-a", (await site.RegisterAsync(register)).Site);
        var accepted = await SubmitAsync(site, new ResultHeader { TaskId = a.TaskId, Status = ResultStatus.Refused, Message = "not today" });
        Assert.True(accepted.Accepted);
    }

    [Fact]
    public async Task A_late_result_is_refused_and_an_answered_task_cannot_be_answered_again()
    {
        await using var server = await InProcessServer.StartAsync();
        var (a, b) = await TwoSitesWithTasksAsync(server);
        var siteB = server.Site("hospital-b");
        Assert.True((await SubmitAsync(siteB, new ResultHeader { TaskId = b.TaskId, Status = ResultStatus.Refused, Message = "policy" })).Accepted);
        var twice = await Assert.ThrowsAsync<RpcException>(() => SubmitAsync(siteB, new ResultHeader { TaskId = b.TaskId, Status = ResultStatus.Refused }));
        Assert.Equal(StatusCode.FailedPrecondition, twice.StatusCode);

        await Task.Delay(TimeSpan.FromSeconds(2.5));   // past round_timeout_s
        var late = await Assert.ThrowsAsync<RpcException>(() => SubmitAsync(server.Site("hospital-a"), new ResultHeader { TaskId = a.TaskId, Status = ResultStatus.Refused }));
        Assert.Equal(StatusCode.FailedPrecondition, late.StatusCode);

        // The job failed for want of sites, and says which refused and why.
        var job = await WaitAsync(server, a.JobId, j => j.State == "failed");
        Assert.Contains("hospital-b: policy", job.Message);
    }

    [Fact]
    public async Task A_site_admin_sees_only_its_site_and_may_not_submit_and_every_call_is_audited()
    {
        await using var server = await InProcessServer.StartAsync();
        await server.RegisterAsync("hospital-a");
        await server.RegisterAsync("hospital-b");

        var siteAdmin = server.AdminClient("it@hospital-a.example.org");
        var sites = await siteAdmin.ListSitesAsync(new ListSitesRequest());
        Assert.Equal(["hospital-a"], sites.Sites.Select(s => s.Name));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT", sites.Sites[0].CertificateExpires);
        var submit = await Assert.ThrowsAsync<RpcException>(async () => await siteAdmin.SubmitJobAsync(new SubmitJobRequest { JobJson = Job }));
        Assert.Equal(StatusCode.PermissionDenied, submit.StatusCode);
        var asSite = await Assert.ThrowsAsync<RpcException>(async () => await new Admin.AdminClient(server.Channel("hospital-a")).ListJobsAsync(new ListJobsRequest()));
        Assert.Equal(StatusCode.PermissionDenied, asSite.StatusCode);

        var admin = server.AdminClient();
        Assert.Equal(2, (await admin.ListSitesAsync(new ListSitesRequest())).Sites.Count);
        var bad = await Assert.ThrowsAsync<RpcException>(async () => await admin.SubmitJobAsync(new SubmitJobRequest { JobJson = """{ "rounds": 0 }""" }));
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Contains("rounds must be at least 1", bad.Status.Detail);

        var audit = server.Context.Store.AuditLog();
        Assert.Contains(audit, e => e.Actor == "it@hospital-a.example.org" && e.Action == "submit" && !e.Allowed);
        Assert.Contains(audit, e => e.Actor == "it@hospital-a.example.org" && e.Action == "sites" && e.Allowed);
        Assert.Contains(audit, e => e.Actor == "hospital-a" && !e.Allowed);
        Assert.Contains(audit, e => e.Actor == "admin@example.org" && e.Action == "submit" && !e.Allowed && e.Detail.Contains("rounds", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_admin_can_abort_a_running_and_a_queued_job_but_not_a_finished_one()
    {
        await using var server = await InProcessServer.StartAsync();
        var admin = server.AdminClient();
        // One site of the two the job needs: the first job runs (waiting for sites), the second queues behind it.
        await server.RegisterAsync("hospital-a");
        var running = await admin.SubmitJobAsync(new SubmitJobRequest { JobJson = Job });
        var queued = await admin.SubmitJobAsync(new SubmitJobRequest { JobJson = Job });
        await WaitAsync(server, running.JobId, j => j.State == "running");

        Assert.Equal("aborted", (await admin.AbortJobAsync(new GetJobRequest { JobId = queued.JobId })).State);
        await admin.AbortJobAsync(new GetJobRequest { JobId = running.JobId });
        var stopped = await WaitAsync(server, running.JobId, j => j.State != "running");
        Assert.Equal("aborted", stopped.State);
        var again = await Assert.ThrowsAsync<RpcException>(async () => await admin.AbortJobAsync(new GetJobRequest { JobId = running.JobId }));
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
        var unknown = await Assert.ThrowsAsync<RpcException>(async () => await admin.AbortJobAsync(new GetJobRequest { JobId = "no-such-job" }));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Contains(server.Context.Store.AuditLog(), e => e.Action == "abort" && e.Target == running.JobId && e.Allowed);
    }

    [Fact]
    public async Task Certificates_from_another_CA_expired_or_revoked_are_refused_in_the_TLS_handshake()
    {
        await using var server = await InProcessServer.StartAsync();
        using var good = server.Kit("hospital-a");
        await server.RegisterAsync("hospital-a");   // the real kit works

        // Another project's CA issuing a certificate with the very same names.
        using var foreignCa = CertificateAuthority.Create("demo", KeyAlgorithm.EcdsaP384, DateTimeOffset.UtcNow);
        using var foreign = foreignCa.IssueWithKey(new ParticipantIdentity(ParticipantKind.Site, "hospital-a", "demo"), DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        await AssertRefusedAsync(server, foreign, good);
        Assert.Contains(server.Log, l => l.Contains("TLS refused a client", StringComparison.Ordinal) && l.Contains("not issued by", StringComparison.Ordinal));

        // This project's CA, but expired.
        using var ca = CertificateAuthority.Load(Path.Combine(server.Kits, "project", "ca.pem"), Path.Combine(server.Kits, "project", "ca.key.pem"));
        using var expired = ca.IssueWithKey(new ParticipantIdentity(ParticipantKind.Site, "hospital-a", "demo"), DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-1));
        await AssertRefusedAsync(server, expired, good);
        Assert.Contains(server.Log, l => l.Contains("TLS refused a client", StringComparison.Ordinal) && l.Contains("expired", StringComparison.Ordinal));

        // Revoked while the server runs: refused from then on, without a restart.
        await server.RegisterAsync("hospital-b");
        Provisioner.Revoke(server.Kits, "hospital-b");
        using var revoked = server.Kit("hospital-b");
        await AssertRefusedAsync(server, revoked.Certificate, good);
        Assert.Contains(server.Log, l => l.Contains("TLS refused a client", StringComparison.Ordinal) && l.Contains("revoked", StringComparison.Ordinal));
        await server.RegisterAsync("hospital-a");   // everyone else still served
    }

    private static async Task AssertRefusedAsync(InProcessServer server, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, StartupKit kit)
    {
        using var channel = Channels.ToServer(certificate, kit.CaCertificate, "demo", "127.0.0.1", server.Port);
        var register = new RegisterRequest { Policy = new Protocol.SitePolicy() };
        var e = await Assert.ThrowsAsync<RpcException>(async () => await new Protocol.Federation.FederationClient(channel).RegisterAsync(register, deadline: DateTime.UtcNow.AddSeconds(20)));
        Assert.NotEqual(StatusCode.OK, e.StatusCode);
    }

    /// <summary>Two registered sites, a submitted job, and each site's first (DESCRIBE) task.</summary>
    private static async Task<(Protocol.Task A, Protocol.Task B)> TwoSitesWithTasksAsync(InProcessServer server)
    {
        await server.RegisterAsync("hospital-a");
        await server.RegisterAsync("hospital-b");
        await server.AdminClient().SubmitJobAsync(new SubmitJobRequest { JobJson = Job });
        var a = await server.Site("hospital-a").PullTaskAsync(new PullTaskRequest { WaitMs = 10_000 });
        var b = await server.Site("hospital-b").PullTaskAsync(new PullTaskRequest { WaitMs = 10_000 });
        Assert.NotNull(a.Task);
        Assert.NotNull(b.Task);
        Assert.Equal(TaskKind.Describe, a.Task.Kind);
        return (a.Task, b.Task);
    }

    private static async Task<SubmitReply> SubmitAsync(Protocol.Federation.FederationClient site, ResultHeader header, byte[]? payload = null, string? sha = null)
    {
        using var call = site.SubmitResult(deadline: DateTime.UtcNow.AddSeconds(20));
        await call.RequestStream.WriteAsync(new ResultPart { Header = header });
        if (payload is not null)
        {
            await call.RequestStream.WriteAsync(new ResultPart { Chunk = ByteString.CopyFrom(payload) });
            await call.RequestStream.WriteAsync(new ResultPart { Trailer = new ResultTrailer { PayloadSha256 = sha ?? "" } });
        }
        await call.RequestStream.CompleteAsync();
        return await call.ResponseAsync;
    }

    private static async Task<JobInfo> WaitAsync(InProcessServer server, string jobId, Func<JobInfo, bool> done)
    {
        var admin = server.AdminClient();
        for (var i = 0; i < 200; i++)
        {
            var job = await admin.GetJobAsync(new GetJobRequest { JobId = jobId });
            if (done(job)) return job;
            await Task.Delay(100);
        }
        throw new TimeoutException($"Job {jobId} did not reach the expected state.");
    }
}
