using Arcanum.Federated.Engine;
using Arcanum.Network.Protocol;
using Arcanum.Network.Transport;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

using Task = System.Threading.Tasks.Task;

namespace Arcanum.Network.Server;

/// <summary>
/// A task's two transfers, whichever way the bytes travel: the gRPC streams (<c>DownloadPayload</c>,
/// <c>SubmitResult</c>) or the bulk HTTP/1.1 endpoints (<see cref="PayloadEndpoints"/>). Both run the same
/// checks and refuse with the same <see cref="RpcException"/> status, so a site sees one set of rules.
/// </summary>
public sealed class TaskTransfers(ServerContext server)
{
    /// <summary>
    /// Delivers an answer's payload into <paramref name="into"/> (null when the header announced none: then the source
    /// only checks that none follows) and returns the SHA-256 the site claimed for it, or null or "" when it claimed none.
    /// </summary>
    public delegate Task<string?> PayloadSource(HashingStream? into, long announced, CancellationToken ct);

    /// <summary>The calling site and its session; refuses a call from an unregistered or superseded session.</summary>
    public (string Site, string Session) RegisteredSite(HttpContext context)
    {
        var site = Caller.Site(context, server).Name;
        var session = context.Request.Headers[SiteSession.Header].ToString();
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

    /// <summary>Notes that <paramref name="site"/> is still sending or receiving.</summary>
    public void Touch(string site) => server.Registry.Touch(site);

    /// <summary>The task's payload file from <paramref name="offset"/>, opened for one sequential read by the site it was given to.</summary>
    public FileStream OpenPayload(string site, string taskId, long offset)
    {
        var task = OwnTask(taskId, site, "download");
        if (task.PayloadPath is null) throw new RpcException(new Status(StatusCode.FailedPrecondition, $"Task {taskId} has no payload."));
        if (!task.IsOpen) throw new RpcException(new Status(StatusCode.FailedPrecondition, $"Task {taskId} is closed: {Closed(task)}"));
        FileStream file;
        try
        {
            // No FileStream buffer: every read fills a whole chunk, which a buffer would only copy again.
            file = new FileStream(task.PayloadPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0,
                FileOptions.SequentialScan | FileOptions.Asynchronous);
        }
        catch (FileNotFoundException)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"Task {taskId} is closed: its payload is gone."));
        }
        if (offset < 0 || offset > file.Length)
        {
            var length = file.Length;
            file.Dispose();
            throw new RpcException(new Status(StatusCode.OutOfRange, $"Offset {offset} is outside the payload (0..{length})."));
        }
        file.Position = offset;
        return file;
    }

    /// <summary>
    /// Sends <paramref name="file"/> from its position to the end in pieces of at most <see cref="Payloads.ChunkBytes"/>,
    /// through one pooled buffer (eight sites downloading each round would otherwise leave eight 1 MiB arrays on the
    /// large-object heap per round). <paramref name="write"/> gets each piece with its offset and must be done with the
    /// buffer when its task completes.
    /// </summary>
    public async Task SendPayloadAsync(string site, FileStream file, Func<long, ReadOnlyMemory<byte>, Task> write, CancellationToken ct)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(Payloads.ChunkBytes);
        try
        {
            while (true)
            {
                var offset = file.Position;
                var n = await file.ReadAtLeastAsync(buffer.AsMemory(0, Payloads.ChunkBytes), Payloads.ChunkBytes, throwOnEndOfStream: false, ct)
                    .ConfigureAwait(false);
                if (n == 0) break;
                await write(offset, buffer.AsMemory(0, n)).ConfigureAwait(false);
                Touch(site);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Takes a site's answer: checks the header, spools the payload <paramref name="receive"/> delivers to disk (uploads
    /// from many sites never sit in memory at once), checks its length and, when the site claimed one, its SHA-256, then
    /// hands it to the task's owner. A refused answer leaves nothing behind.
    /// </summary>
    /// <remarks>
    /// <c>hash</c> says whether to hash the payload as it arrives: needed when the site may claim a SHA-256 (the bulk
    /// header says so before the payload; a gRPC trailer only after it). A claimed SHA-256 is optional because TLS
    /// already authenticates every record of the transfer and the length is checked; hashing costs about a third of
    /// the server's work per uploaded byte (bench d).
    /// </remarks>
    public async Task<SubmitReply> SubmitAsync(string site, ResultHeader header, bool hash, PayloadSource receive, CancellationToken ct)
    {
        var task = OwnTask(header.TaskId, site, "answer");
        if (!task.IsOpen) throw new RpcException(new Status(StatusCode.FailedPrecondition, $"Task {header.TaskId} is closed ({Closed(task)}); the result was discarded."));
        if (header.PayloadBytes < 0 || header.PayloadBytes > Payloads.MaxPayloadBytes)
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"Payload size {header.PayloadBytes} is outside 0..{Payloads.MaxPayloadBytes}."));
        if (header.ResultJson.Length > 4 << 20)
            throw new RpcException(new Status(StatusCode.InvalidArgument, "The result document is larger than 4 MiB."));

        var spool = header.PayloadBytes > 0 ? Path.Combine(server.Workspace, "incoming", $"{task.Id}-{Guid.NewGuid():N}.part") : null;
        try
        {
            if (spool is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(spool)!);
                await using var file = new FileStream(spool, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
                await using var hashing = new HashingStream(file, hash);
                var claimed = await receive(hashing, header.PayloadBytes, ct).ConfigureAwait(false);
                if (hashing.Length != header.PayloadBytes)
                    throw new RpcException(new Status(StatusCode.DataLoss, $"Received {hashing.Length} of {header.PayloadBytes} payload bytes."));
                if (!string.IsNullOrEmpty(claimed) && hashing.HexDigest() is var sha && !string.Equals(sha, claimed, StringComparison.OrdinalIgnoreCase))
                    throw new RpcException(new Status(StatusCode.DataLoss, $"The payload's SHA-256 is {sha}, not {claimed}; the transfer was damaged."));
            }
            else await receive(null, 0, ct).ConfigureAwait(false);

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
                catch (Federated.SecureAggregation.SecAggAbandonedException e)
                {
                    // The server's own fault (see the exception), so not "rejected": the site is not to blame and has nothing to fix.
                    task.Complete(new TaskOutcome(OutcomeStatus.Failed, "the server abandoned the round: " + e.Message, ""));
                    server.Logger.LogWarning("Discarded a result from {Site} for task {Task}: the round was abandoned: {Message}", site, task.Id, e.Message);
                    throw new RpcException(new Status(StatusCode.FailedPrecondition, "The server abandoned this round (not this site's fault); " +
                        "the result was discarded: " + e.Message));
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

    private static OutcomeStatus StatusOf(ResultStatus status) => status switch
    {
        ResultStatus.Ok => OutcomeStatus.Ok,
        ResultStatus.Refused => OutcomeStatus.Refused,
        _ => OutcomeStatus.Failed,
    };

    public static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
