using System.Buffers;
using Arcanum.Federated.Engine;
using Arcanum.Network.Protocol;
using Arcanum.Network.Transport;
using Arcanum.Provisioning;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;

using Task = System.Threading.Tasks.Task;

namespace Arcanum.Network.Server;

/// <summary>The site-facing service. The caller is the site named by its TLS client certificate.</summary>
public sealed class FederationService(ServerContext server) : Federation.FederationBase
{
    private static readonly TimeSpan MaxPull = TimeSpan.FromSeconds(30);

    public override Task<RegisterReply> Register(RegisterRequest request, ServerCallContext context)
    {
        var site = Caller.Site(context, server);
        if (request.Datasets.Any(d => string.IsNullOrWhiteSpace(d) || d.Length > 200))
            throw new RpcException(new Status(StatusCode.InvalidArgument, "Dataset names must be non-empty and at most 200 characters."));
        var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(site.Certificate.RawData);
        var (session, replaced) = server.Registry.Register(site.Name, request.Datasets, request.Policy ?? new Protocol.SitePolicy(), Truncate(request.Software, 100),
            site.CertificateExpires, certificate);
        if (replaced.Length > 0)
        {
            // Two processes with one kit would take turns answering as one site: the newest wins, the older is told to stop.
            server.Logger.LogWarning("Site {Site} registered again from {Peer}; its previous session is closed and that process will be told to stop",
                site.Name, context.Peer);
        }
        server.Logger.LogInformation("Site {Site} registered with datasets [{Datasets}]", site.Name, string.Join(", ", request.Datasets));
        return Task.FromResult(new RegisterReply { Project = server.Project, HeartbeatIntervalS = HeartbeatInterval(), Site = site.Name, Session = session });
    }

    public override Task<HeartbeatReply> Heartbeat(HeartbeatRequest request, ServerCallContext context)
    {
        var (site, session) = RegisteredSite(context);
        var reply = new HeartbeatReply();
        reply.AbandonTaskIds.AddRange(server.Board.TakeAbandoned(site, session));
        return Task.FromResult(reply);
    }

    public override async Task<PullTaskReply> PullTask(PullTaskRequest request, ServerCallContext context)
    {
        var (site, session) = RegisteredSite(context);
        var wait = TimeSpan.FromMilliseconds(Math.Clamp(request.WaitMs, 0, (int)MaxPull.TotalMilliseconds));
        var task = await server.Board.PullAsync(site, session, () => server.Registry.Check(site, session) == SessionCheck.Current, wait, context.CancellationToken)
            .ConfigureAwait(false);
        if (task is null) RegisteredSite(context);   // superseded while waiting: say so rather than "no task"
        server.Registry.Touch(site);
        return task is null ? new PullTaskReply() : new PullTaskReply { Task = task.Message };
    }

    public override async Task DownloadPayload(DownloadRequest request, IServerStreamWriter<PayloadChunk> responseStream, ServerCallContext context)
    {
        var (site, _) = RegisteredSite(context);
        var task = OwnTask(request.TaskId, site, "download");
        if (task.PayloadPath is null) throw new RpcException(new Status(StatusCode.FailedPrecondition, $"Task {request.TaskId} has no payload."));
        if (!task.IsOpen) throw new RpcException(new Status(StatusCode.FailedPrecondition, $"Task {request.TaskId} is closed: {Closed(task)}"));
        FileStream file;
        try
        {
            // No FileStream buffer: every read fills a whole chunk, which a buffer would only copy again.
            file = new FileStream(task.PayloadPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0,
                FileOptions.SequentialScan | FileOptions.Asynchronous);
        }
        catch (FileNotFoundException)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"Task {request.TaskId} is closed: its payload is gone."));
        }
        await using (file)
        {
            if (request.Offset < 0 || request.Offset > file.Length) throw new RpcException(new Status(StatusCode.OutOfRange, $"Offset {request.Offset} is outside the payload (0..{file.Length})."));
            file.Position = request.Offset;
            // Each chunk wraps the read buffer without a copy: WriteAsync has serialised it when it returns, so reuse is safe.
            // The buffer is pooled: eight sites downloading each round would otherwise leave eight 1 MiB arrays on the
            // large-object heap per round.
            var buffer = ArrayPool<byte>.Shared.Rent(Payloads.ChunkBytes);
            try
            {
                while (true)
                {
                    var offset = file.Position;
                    var n = await file.ReadAtLeastAsync(buffer.AsMemory(0, Payloads.ChunkBytes), Payloads.ChunkBytes, throwOnEndOfStream: false,
                        context.CancellationToken).ConfigureAwait(false);
                    if (n == 0) break;
                    await responseStream.WriteAsync(new PayloadChunk { Offset = offset, Data = UnsafeByteOperations.UnsafeWrap(buffer.AsMemory(0, n)) })
                        .ConfigureAwait(false);
                    server.Registry.Touch(site);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    public override async Task<SubmitReply> SubmitResult(IAsyncStreamReader<ResultPart> requestStream, ServerCallContext context)
    {
        var (site, _) = RegisteredSite(context);
        var ct = context.CancellationToken;
        if (!await requestStream.MoveNext(ct).ConfigureAwait(false) || requestStream.Current.PartCase != ResultPart.PartOneofCase.Header)
            throw new RpcException(new Status(StatusCode.InvalidArgument, "A result starts with its header."));
        var header = requestStream.Current.Header;
        var task = OwnTask(header.TaskId, site, "answer");
        if (!task.IsOpen) throw new RpcException(new Status(StatusCode.FailedPrecondition, $"Task {header.TaskId} is closed ({Closed(task)}); the result was discarded."));
        if (header.PayloadBytes < 0 || header.PayloadBytes > Payloads.MaxPayloadBytes)
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"Payload size {header.PayloadBytes} is outside 0..{Payloads.MaxPayloadBytes}."));
        if (header.ResultJson.Length > 4 << 20)
            throw new RpcException(new Status(StatusCode.InvalidArgument, "The result document is larger than 4 MiB."));

        // Spool the payload to disk while hashing it: uploads from many sites never sit in memory at once.
        var spool = header.PayloadBytes > 0 ? Path.Combine(server.Workspace, "incoming", $"{task.Id}-{Guid.NewGuid():N}.part") : null;
        try
        {
            string? trailerSha = null;
            if (spool is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(spool)!);
                await using var file = new FileStream(spool, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
                await using var hashing = new HashingStream(file);
                while (await requestStream.MoveNext(ct).ConfigureAwait(false))
                {
                    var part = requestStream.Current;
                    if (part.PartCase == ResultPart.PartOneofCase.Chunk)
                    {
                        if (hashing.Length + part.Chunk.Length > header.PayloadBytes)
                            throw new RpcException(new Status(StatusCode.InvalidArgument, $"The payload is longer than the {header.PayloadBytes} bytes its header announced."));
                        await hashing.WriteAsync(part.Chunk.Memory, ct).ConfigureAwait(false);
                        server.Registry.Touch(site);
                    }
                    else if (part.PartCase == ResultPart.PartOneofCase.Trailer)
                    {
                        trailerSha = part.Trailer.PayloadSha256;
                        break;
                    }
                    else throw new RpcException(new Status(StatusCode.InvalidArgument, "A second header arrived in one result."));
                }
                if (hashing.Length != header.PayloadBytes)
                    throw new RpcException(new Status(StatusCode.DataLoss, $"Received {hashing.Length} of {header.PayloadBytes} payload bytes."));
                var sha = hashing.HexDigest();
                if (!string.Equals(sha, trailerSha, StringComparison.OrdinalIgnoreCase))
                    throw new RpcException(new Status(StatusCode.DataLoss, $"The payload's SHA-256 is {sha}, not {trailerSha ?? "(no trailer)"}; the transfer was damaged."));
            }
            else
            {
                while (await requestStream.MoveNext(ct).ConfigureAwait(false))
                {
                    if (requestStream.Current.PartCase == ResultPart.PartOneofCase.Chunk)
                        throw new RpcException(new Status(StatusCode.InvalidArgument, "Payload chunks arrived after a header announcing no payload."));
                }
            }

            if (server.Clock.GetUtcNow() > task.Deadline)
                throw new RpcException(new Status(StatusCode.FailedPrecondition, $"Task {task.Id} passed its deadline; the result was discarded."));
            if (!task.TryClaim())
                throw new RpcException(new Status(StatusCode.FailedPrecondition, $"Task {task.Id} is closed ({Closed(task)}); the result was discarded."));

            var outcome = new TaskOutcome(StatusOf(header.Status), Truncate(header.Message, 2000), header.ResultJson);
            if (outcome.Ok)
            {
                try
                {
                    // Checked against the protocol's schema first, so a malformed answer is refused with the path at fault.
                    if (WireSchemas.CheckResult(task.Message, header.ResultJson) is { } why) throw new FormatException(why);
                    if (task.Accept is { } accept) await accept(outcome, spool, ct).ConfigureAwait(false);
                }
                catch (Exception e) when (e is FormatException or ArgumentException or InvalidDataException or KeyNotFoundException
                                              or Federated.SecureAggregation.SecAggException)
                {
                    task.Complete(new TaskOutcome(OutcomeStatus.Failed, "the server rejected the result: " + e.Message, ""));
                    server.Logger.LogWarning("Rejected a result from {Site} for task {Task}: {Message}", site, task.Id, e.Message);
                    throw new RpcException(new Status(StatusCode.InvalidArgument, "Result rejected: " + e.Message));
                }
                catch (Exception e)
                {
                    // Never leave a claimed task hanging: the round waits for every claimed task.
                    task.Complete(new TaskOutcome(OutcomeStatus.Failed, "the server could not take the result: " + e.Message, ""));
                    throw;
                }
            }
            task.Complete(outcome);
            return new SubmitReply { Accepted = true, Message = "accepted" };
        }
        finally
        {
            if (spool is not null) File.Delete(spool);
        }
    }

    /// <summary>The calling site and its session; refuses a call from an unregistered or superseded session.</summary>
    private (string Site, string Session) RegisteredSite(ServerCallContext context)
    {
        var site = Caller.Site(context, server).Name;
        var session = context.RequestHeaders.GetValue(SiteSession.Header) ?? "";
        switch (server.Registry.Check(site, session))
        {
            case SessionCheck.Superseded:
                throw new RpcException(new Status(StatusCode.Aborted,
                    $"superseded by a newer registration: another process registered as {site} after this one, and only the newest is served. Stop this process."));
            case SessionCheck.Unknown:
                throw new RpcException(new Status(StatusCode.FailedPrecondition,
                    $"Register first: this server has no registration for this session (it may have restarted); send the session from RegisterReply in the '{SiteSession.Header}' header."));
        }
        server.Registry.Touch(site);
        return (site, session);
    }

    private IssuedTask OwnTask(string taskId, string site, string verb)
    {
        var task = server.Board.Get(taskId);
        if (task is null) throw new RpcException(new Status(StatusCode.FailedPrecondition, $"Task {taskId} is unknown or over; nothing to {verb}."));
        if (task.Site != site)
        {
            server.Logger.LogWarning("Site {Site} tried to {Verb} task {Task}, which was given to {Owner}", site, verb, taskId, task.Site);
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"Task {taskId} was not given to {site}."));
        }
        return task;
    }

    private static string Closed(IssuedTask task) => task.Outcome.Task.IsCompleted ? task.Outcome.Task.Result.Message : "answered";

    private int HeartbeatInterval() => Math.Max(1, (int)(server.Registry.HeartbeatTimeout.TotalSeconds / 3));

    private static OutcomeStatus StatusOf(ResultStatus status) => status switch
    {
        ResultStatus.Ok => OutcomeStatus.Ok,
        ResultStatus.Refused => OutcomeStatus.Refused,
        _ => OutcomeStatus.Failed,
    };

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
