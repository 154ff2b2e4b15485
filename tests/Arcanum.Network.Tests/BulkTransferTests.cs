using System.Buffers.Binary;
using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Arcanum.Federated.Engine;
using Arcanum.Network.Protocol;
using Arcanum.Network.Server;
using Arcanum.Network.Site;
using Arcanum.Network.Tests.Support;
using Arcanum.Network.Transport;
using Google.Protobuf;
using Grpc.Core;

using Task = System.Threading.Tasks.Task;

namespace Arcanum.Network.Tests;

/// <summary>
/// The bulk HTTP/1.1 endpoints a site moves payloads and answers through: the same bytes, rules and refusals as the
/// gRPC streams (both sit on <see cref="TaskTransfers"/>), and a refused or broken answer leaves the task open.
/// </summary>
[Collection("processes")]
public sealed class BulkTransferTests
{
    [Fact]
    public async Task A_site_downloads_its_payload_whole_and_from_an_offset_and_no_other_site_can()
    {
        await using var server = await InProcessServer.StartAsync();
        await server.RegisterAsync("hospital-a");
        await server.RegisterAsync("hospital-b");
        var payload = RandomNumberGenerator.GetBytes(3 * Payloads.ChunkBytes + 12345);   // more than one piece, not a whole number of them
        var task = Issue(server, "hospital-a", payload);
        var a = Transfer(server, "hospital-a");

        var whole = new byte[payload.Length];
        var received = new StrongBox<long>(0);
        await a.DownloadAsync(task.Id, whole, received, CancellationToken.None);
        Assert.Equal(payload.Length, received.Value);
        Assert.Equal(payload, whole);

        var resumed = new byte[payload.Length];
        received.Value = Payloads.ChunkBytes + 7;   // a transfer that broke there goes on from there
        await a.DownloadAsync(task.Id, resumed, received, CancellationToken.None);
        Assert.Equal(payload.Length, received.Value);
        Assert.Equal(payload.AsSpan(Payloads.ChunkBytes + 7).ToArray(), resumed.AsSpan(Payloads.ChunkBytes + 7).ToArray());
        Assert.All(resumed.AsSpan(0, Payloads.ChunkBytes + 7).ToArray(), b => Assert.Equal(0, b));
        // A site checks a payload stitched from two connections against the task's SHA-256: here the first part is missing.
        var stitched = Assert.Throws<InvalidDataException>(() => SiteAgent.CheckStitched(resumed, task.Message.PayloadSha256, resumed: true));
        Assert.Contains("resumed transfer was damaged", stitched.Message);
        SiteAgent.CheckStitched(whole, task.Message.PayloadSha256, resumed: true);
        SiteAgent.CheckStitched(resumed, task.Message.PayloadSha256, resumed: false);   // one connection: TLS vouched for it, nothing hashed

        var foreign = await Assert.ThrowsAsync<RpcException>(() => Transfer(server, "hospital-b").DownloadAsync(task.Id, new byte[payload.Length], new StrongBox<long>(0), CancellationToken.None));
        Assert.Equal(StatusCode.PermissionDenied, foreign.StatusCode);
        Assert.Contains("was not given to hospital-b", foreign.Status.Detail);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => a.DownloadAsync("no-such-task", new byte[1], new StrongBox<long>(0), CancellationToken.None));
        Assert.Equal(StatusCode.FailedPrecondition, unknown.StatusCode);
        var beyond = await Assert.ThrowsAsync<RpcException>(() => a.DownloadAsync(task.Id, new byte[payload.Length], new StrongBox<long>(payload.Length + 1), CancellationToken.None));
        Assert.Equal(StatusCode.OutOfRange, beyond.StatusCode);
    }

    [Fact]
    public async Task Calls_without_a_current_session_are_refused_as_over_gRPC()
    {
        await using var server = await InProcessServer.StartAsync();
        await server.RegisterAsync("hospital-a");
        var task = Issue(server, "hospital-a", new byte[100]);
        var stranger = new HttpPayloadTransfer(server.Bulk("hospital-a"), new SiteSession());   // never registered: no session
        var e = await Assert.ThrowsAsync<RpcException>(() => stranger.DownloadAsync(task.Id, new byte[100], new StrongBox<long>(0), CancellationToken.None));
        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        Assert.Contains("Register first", e.Status.Detail);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/arcanum.v1/payload/{task.Id}");
        using var response = await server.Bulk("hospital-a").SendAsync(request);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);   // for proxies and people; sites read the status header
        Assert.Equal(((int)StatusCode.FailedPrecondition).ToString(), response.Headers.GetValues(PayloadEndpoints.StatusHeader).Single());
    }

    [Fact]
    public async Task An_answer_is_taken_once_with_its_payload_and_a_damaged_one_leaves_the_task_open()
    {
        await using var server = await InProcessServer.StartAsync();
        await server.RegisterAsync("hospital-a");
        byte[]? taken = null;
        var task = Issue(server, "hospital-a", new byte[10], (_, spool, _) =>
        {
            taken = File.ReadAllBytes(spool!);
            return Task.CompletedTask;
        });
        var a = Transfer(server, "hospital-a");
        var answer = RandomNumberGenerator.GetBytes(2 * Payloads.ChunkBytes + 3);
        var header = new ResultHeader { TaskId = task.Id, Status = ResultStatus.Ok, ResultJson = WireJson.Write(new TrainResult(1, 1, 0.0, null)), PayloadBytes = answer.Length };

        var damaged = await Assert.ThrowsAsync<RpcException>(() => a.SubmitAsync(header, answer, new string('0', 64), CancellationToken.None));
        Assert.Equal(StatusCode.DataLoss, damaged.StatusCode);
        Assert.Contains("damaged", damaged.Status.Detail);
        Assert.Null(taken);
        Assert.True(task.IsOpen);

        // As Arcanum's sites send it: no SHA-256 (TLS authenticates the bytes, the server counts them).
        await a.SubmitAsync(header, answer, payloadSha256: null, CancellationToken.None);
        Assert.Equal(answer, taken);
        Assert.True((await task.Outcome.Task).Ok);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(server.Context.Workspace, "incoming")));   // the spool is gone

        var twice = await Assert.ThrowsAsync<RpcException>(() => a.SubmitAsync(header, answer, Payloads.Sha256Hex(answer), CancellationToken.None));
        Assert.Equal(StatusCode.FailedPrecondition, twice.StatusCode);

        // A client that sends the right SHA-256 is taken too: the server hashes and checks it.
        byte[]? checkedAnswer = null;
        var other = Issue(server, "hospital-a", new byte[10], (_, spool, _) =>
        {
            checkedAnswer = File.ReadAllBytes(spool!);
            return Task.CompletedTask;
        });
        await a.SubmitAsync(new ResultHeader(header) { TaskId = other.Id }, answer, Payloads.Sha256Hex(answer), CancellationToken.None);
        Assert.Equal(answer, checkedAnswer);
        Assert.True((await other.Outcome.Task).Ok);
    }

    [Fact]
    public async Task An_answer_the_server_cannot_use_for_a_fault_of_its_own_is_not_blamed_on_the_site()
    {
        // Given two tasks: one whose round the server abandons (a secure sum it could not keep whole), one whose answer does not fit
        await using var server = await InProcessServer.StartAsync();
        await server.RegisterAsync("hospital-a");
        var abandoned = Issue(server, "hospital-a", new byte[10],
            (_, _, _) => throw new Federated.SecureAggregation.SecAggAbandonedException("The input of site 2 failed after 5 of 9 values (IOException)."));
        var refused = Issue(server, "hospital-a", new byte[10],
            (_, _, _) => throw new Federated.SecureAggregation.SecAggException("Site 1 sent its input twice."));
        var a = Transfer(server, "hospital-a");
        var answer = new byte[16];
        var header = new ResultHeader { Status = ResultStatus.Ok, ResultJson = WireJson.Write(new TrainResult(1, 1, 0.0, null)), PayloadBytes = answer.Length };

        // When the site answers both
        var first = await Assert.ThrowsAsync<RpcException>(() => a.SubmitAsync(new ResultHeader(header) { TaskId = abandoned.Id }, answer, null, CancellationToken.None));
        var second = await Assert.ThrowsAsync<RpcException>(() => a.SubmitAsync(new ResultHeader(header) { TaskId = refused.Id }, answer, null, CancellationToken.None));

        // Then the abandonment is a precondition that failed on the server, not a rejected answer, and the round's setback says so;
        // the answer that did not fit is still rejected as the site's
        Assert.Equal(StatusCode.FailedPrecondition, first.StatusCode);
        Assert.Contains("not this site's fault", first.Status.Detail);
        Assert.Equal("the server abandoned the round: The input of site 2 failed after 5 of 9 values (IOException).", (await abandoned.Outcome.Task).Message);
        Assert.Equal(StatusCode.InvalidArgument, second.StatusCode);
        Assert.StartsWith("Result rejected", second.Status.Detail);
        Assert.StartsWith("the server rejected the result", (await refused.Outcome.Task).Message);
    }

    [Fact]
    public async Task Malformed_bodies_are_refused_with_the_reason_and_the_task_stays_open()
    {
        await using var server = await InProcessServer.StartAsync();
        await server.RegisterAsync("hospital-a");
        var task = Issue(server, "hospital-a", new byte[10]);
        var header = new ResultHeader { TaskId = task.Id, Status = ResultStatus.Refused, Message = "policy" };

        async Task<(HttpStatusCode Http, StatusCode Status, string Reason)> PostAsync(byte[] body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, PayloadEndpoints.ResultRoute) { Content = new ByteArrayContent(body) };
            request.Headers.Add(SiteSession.Header, server.SessionOf("hospital-a").Current);
            using var response = await server.Bulk("hospital-a").SendAsync(request);
            return (response.StatusCode, (StatusCode)int.Parse(response.Headers.GetValues(PayloadEndpoints.StatusHeader).Single()), await response.Content.ReadAsStringAsync());
        }

        var empty = await PostAsync([]);
        Assert.Equal((HttpStatusCode.BadRequest, StatusCode.InvalidArgument), (empty.Http, empty.Status));
        Assert.Contains("4-byte length", empty.Reason);
        var huge = await PostAsync([0xff, 0xff, 0xff, 0xff]);
        Assert.Equal(StatusCode.InvalidArgument, huge.Status);
        var garbage = await PostAsync(Framed([0xff, 0xff, 0xff], []));
        Assert.Equal(StatusCode.InvalidArgument, garbage.Status);
        Assert.Contains("not a ResultHeader", garbage.Reason);
        var trailing = await PostAsync(Framed(header.ToByteArray(), [1, 2, 3]));   // announced no payload, sent three bytes
        Assert.Equal(StatusCode.InvalidArgument, trailing.Status);
        Assert.Contains("goes on past", trailing.Reason);
        var withPayload = header.Clone();
        withPayload.PayloadBytes = 8;
        withPayload.PayloadSha256 = Payloads.Sha256Hex(new byte[8]);
        var truncated = await PostAsync(Framed(withPayload.ToByteArray(), new byte[5]));
        Assert.Equal(StatusCode.DataLoss, truncated.Status);
        Assert.Contains("Received 5 of 8", truncated.Reason);
        withPayload.PayloadSha256 = "";
        var longer = await PostAsync(Framed(withPayload.ToByteArray(), new byte[10]));   // two bytes past the announced payload
        Assert.Equal(StatusCode.InvalidArgument, longer.Status);
        Assert.Contains("goes on past the 8 payload bytes", longer.Reason);
        // short without a SHA-256: the count alone refuses it
        var shortUnhashed = await PostAsync(Framed(withPayload.ToByteArray(), new byte[7]));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, StatusCode.DataLoss), (shortUnhashed.Http, shortUnhashed.Status));
        Assert.Contains("Received 7 of 8", shortUnhashed.Reason);
        Assert.True(task.IsOpen);

        var ok = await PostAsync(Framed(header.ToByteArray(), []));
        Assert.Equal((HttpStatusCode.OK, StatusCode.OK, "accepted"), ok);
        Assert.Equal(OutcomeStatus.Refused, (await task.Outcome.Task).Status);
    }

    private static byte[] Framed(byte[] header, byte[] payload)
    {
        var body = new byte[4 + header.Length + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(body, (uint)header.Length);
        header.CopyTo(body, 4);
        payload.CopyTo(body, 4 + header.Length);
        return body;
    }

    private static HttpPayloadTransfer Transfer(InProcessServer server, string site) => new(server.Bulk(site), server.SessionOf(site));

    /// <summary>Puts a training task with <paramref name="payload"/> on the board for <paramref name="site"/>, as a round would.</summary>
    private static IssuedTask Issue(InProcessServer server, string site, byte[] payload, Func<TaskOutcome, string?, CancellationToken, Task>? accept = null)
    {
        var file = Path.Combine(server.Context.Workspace, $"payload-{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(file, payload);
        var message = new Protocol.Task
        {
            TaskId = Guid.NewGuid().ToString("N"),
            JobId = "bulk",
            Kind = TaskKind.Train,
            PayloadBytes = payload.Length,
            PayloadSha256 = Payloads.Sha256Hex(payload),
            DeadlineUnixMs = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeMilliseconds(),
        };
        var task = new IssuedTask(site, message, file, accept);
        server.Context.Board.Issue(task);
        return task;
    }
}
