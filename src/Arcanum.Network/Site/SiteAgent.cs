using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Arcanum.Core.Learning;
using Arcanum.Core.Weights;
using Arcanum.Data;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Privacy;
using Arcanum.Federated.SecureAggregation;
using Arcanum.Federated.Setup;
using Arcanum.Federated.Simulation;
using Arcanum.Network.Protocol;
using Arcanum.Network.Transport;
using Grpc.Core;
using Microsoft.IO;

using Task = System.Threading.Tasks.Task;

namespace Arcanum.Network.Site;

/// <summary>
/// A hospital's agent: registers with the server, heartbeats, pulls tasks and answers them with
/// the same code the simulator runs (<see cref="TablePreparation"/>, <see cref="SiteWorker"/>).
/// Only aggregates, weights and metrics leave; rows never do. When the server is unreachable it
/// retries with exponential backoff (1 s doubling to 30 s, with jitter) and registers again.
/// </summary>
public sealed class SiteAgent
{
    private readonly SiteSession _session = new();
    private readonly Federation.FederationClient _client;
    private readonly ILearner _learner;
    private readonly IReadOnlyDictionary<string, string> _datasets;
    private readonly SitePolicy _policy;
    // Sent with every registration: this agent's secure-aggregation keys (in its SiteTasks) outlive a reconnect, not a new process.
    private readonly string _instance = System.Security.Cryptography.RandomNumberGenerator.GetHexString(32, lowercase: true);
    private readonly Action<string> _log;
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _working = new(StringComparer.Ordinal);
    private int _tasksDone;
    private string _siteName = "";
    private SiteTasks? _tasks;
    private IPayloadTransfer? _transfer;
    // The weights of a finished task, which the next download reads into when its arrays are named and shaped alike.
    private ModelWeights? _spare;

    // The largest first buffer an answer asks for: the pool rounds a request up to a whole MiB, which must stay an array.
    private static readonly long MaxAnswerBuffer = Array.MaxLength / (1 << 20) * (1L << 20);

    /// <summary>
    /// The pool answers are serialised in: model-sized buffers in 1 MiB steps, of which up to 1 GiB is kept between rounds (a buffer
    /// past that, or over 1 GiB, goes back to the GC).
    /// </summary>
    private static readonly RecyclableMemoryStreamManager AnswerBuffers = new(new RecyclableMemoryStreamManager.Options
    {
        LargeBufferMultiple = 1 << 20,
        MaximumBufferSize = 1 << 30,
        MaximumLargePoolFreeBytes = 1L << 30,
        MaximumSmallPoolFreeBytes = 16L << 20,
    });

    /// <param name="channel">A channel that presents this site's certificate (its calls carry this agent's session).</param>
    /// <param name="learner">The learner (the same as the simulator's).</param>
    /// <param name="datasets">Dataset name → CSV path, as mapped with <c>--data NAME=path</c>.</param>
    /// <param name="policy">What this site accepts.</param>
    /// <param name="log">Where progress lines go.</param>
    public SiteAgent(CallInvoker channel, ILearner learner, IReadOnlyDictionary<string, string> datasets, SitePolicy policy, Action<string> log)
    {
        _client = _session.Client(channel);
        _learner = learner;
        _datasets = datasets;
        _policy = policy;
        _log = log;
    }

    /// <summary>Tasks answered since start (for tests and logs).</summary>
    public int TasksDone => Volatile.Read(ref _tasksDone);

    /// <summary>Jobs whose split and encoded rows this agent holds in memory (a finished or aborted job's are let go).</summary>
    internal int PreparedJobs => _tasks?.PreparedJobs ?? 0;

    public string Software { get; init; } = "arcanum";

    /// <summary>
    /// Whether evaluations carry score histograms of the held-out predictions (2^14 bins per class and
    /// outcome), so the server can pool AUROC and AUPRC as the simulator does. They are counts, not rows,
    /// but on a small held-out set a fine histogram shows nearly each row's score and class; a site that
    /// will not share that sets this false, and the server then reports those two as site means and says so.
    /// </summary>
    public bool ShareScoreHistograms { get; init; } = true;

    /// <summary>
    /// The site's certificate keys, for jobs with secure aggregation (null: the site refuses such jobs).
    /// </summary>
    public SiteKeys? Keys { get; init; }

    // Built on first use: the init-only settings it takes are set after the constructor.
    private SiteTasks Tasks => _tasks ??= new SiteTasks(_learner, _datasets, _policy, _log, Keys, Workspace, ShareScoreHistograms, JobModels);

    /// <summary>The models outside the learner's family this site trains (the note generator, AsynDGAN), none: it refuses such jobs.</summary>
    public IReadOnlyList<IJobModel> JobModels { get; init; } = [];

    /// <summary>
    /// An HTTP/1.1 client for the server's bulk payload endpoints (<see cref="Channels.BulkToServer"/>): payloads and
    /// answers then travel as plain bodies, about twice as fast as the gRPC streams. Null moves them over gRPC.
    /// </summary>
    public HttpClient? Bulk { get; init; }

    private IPayloadTransfer Transfer => _transfer ??= Bulk is null ? new GrpcPayloadTransfer(_client) : new HttpPayloadTransfer(Bulk, _session);

    /// <summary>
    /// Where the site keeps what must survive a restart: the algorithm's site state (SCAFFOLD's
    /// control variate c_i) per job. Null keeps it in memory only.
    /// </summary>
    public string? Workspace { get; init; }

    /// <summary>
    /// Serves the server until <paramref name="ct"/> is cancelled. Throws <see cref="SiteStoppedException"/>
    /// when the server will never serve this process again (certificate revoked, or a newer process
    /// registered with the same kit).
    /// </summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var request = new RegisterRequest { Policy = _policy, Software = Software, Instance = _instance };
                request.Datasets.AddRange(_datasets.Keys);
                var reply = await _client.RegisterAsync(request, deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: ct);
                _siteName = reply.Site;
                _log($"registered with project '{reply.Project}' as {reply.Site}; datasets: {string.Join(", ", _datasets.Keys)}");
                backoff = TimeSpan.FromSeconds(1);
                using var session = CancellationTokenSource.CreateLinkedTokenSource(ct);
                RpcException? final = null;
                var heartbeat = HeartbeatLoopAsync(TimeSpan.FromSeconds(Math.Max(1, reply.HeartbeatIntervalS)), e =>
                {
                    // A revoked or superseded site must stop at once, even in the middle of training.
                    final = e;
                    session.Cancel();
                }, session.Token);
                try
                {
                    await PullLoopAsync(session.Token);
                }
                catch (Exception e) when (final is not null && e is OperationCanceledException or RpcException)
                {
                    throw final;
                }
                finally
                {
                    await session.CancelAsync();
                    try
                    {
                        await heartbeat;
                    }
                    catch (Exception e) when (e is OperationCanceledException or RpcException)
                    {
                    }
                }
                if (final is not null) throw final;
            }
            catch (RpcException e) when (!ct.IsCancellationRequested && IsFinal(e))
            {
                throw new SiteStoppedException(e.StatusCode == StatusCode.Aborted
                    ? $"stopping: {e.Status.Detail}"
                    : $"stopping: the server no longer accepts this site. {e.Status.Detail} Ask the project owner for a new kit.");
            }
            catch (RpcException e) when (!ct.IsCancellationRequested && IsRetryable(e))
            {
                var wait = backoff * (0.75 + 0.5 * Random.Shared.NextDouble());
                _log($"server unreachable or restarted ({e.StatusCode}: {Short(e)}); retrying in {wait.TotalSeconds:F1} s");
                await Task.Delay(wait, ct).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
            catch (Exception e) when (ct.IsCancellationRequested && e is OperationCanceledException or RpcException)
            {
                break;   // stopping (Ctrl-C): a call cut short is not an error
            }
        }
    }

    private static bool IsRetryable(RpcException e) =>
        e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown or StatusCode.Cancelled or StatusCode.FailedPrecondition or StatusCode.Aborted;

    /// <summary>
    /// The server will never serve this process again: its certificate was revoked (or expired), or
    /// another process registered with the same kit. Re-registering would only fight that process.
    /// </summary>
    private static bool IsFinal(RpcException e) =>
        e.StatusCode == StatusCode.PermissionDenied
        || (e.StatusCode == StatusCode.Aborted && e.Status.Detail.StartsWith("superseded", StringComparison.Ordinal));

    private async Task PullLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Tasks.ForgetEndedJobs();
            var reply = await _client.PullTaskAsync(new PullTaskRequest { WaitMs = 10_000 }, deadline: DateTime.UtcNow.AddSeconds(40), cancellationToken: ct);
            if (reply.Task is null) continue;
            await AnswerAsync(reply.Task, ct);
        }
    }

    private async Task HeartbeatLoopAsync(TimeSpan interval, Action<RpcException> stop, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await Task.Delay(interval, ct).ConfigureAwait(false);
            try
            {
                var request = new HeartbeatRequest { BusyWithTaskId = _working.Keys.FirstOrDefault() ?? "" };
                request.HeldJobIds.AddRange(Tasks.HeldJobIds());
                var reply = await _client.HeartbeatAsync(request, deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: ct);
                Tasks.Ended(reply.EndedJobIds);
                foreach (var id in reply.AbandonTaskIds)
                {
                    if (_working.TryGetValue(id, out var cts))
                    {
                        _log($"task {Short(id)}: the server closed it; stopping");
                        await cts.CancelAsync();
                    }
                }
            }
            catch (RpcException e) when (!ct.IsCancellationRequested && IsFinal(e))
            {
                stop(e);
                return;
            }
            catch (RpcException) when (!ct.IsCancellationRequested)
            {
                // The pull loop notices a lost server and reconnects; heartbeats just keep trying.
            }
        }
    }

    private async Task AnswerAsync(Protocol.Task task, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _working[task.TaskId] = cts;
        try
        {
            SiteAnswer answer;
            try
            {
                answer = await Tasks.DoAsync(task, _siteName, DownloadAsync, cts.Token);
            }
            catch (Exception e) when (e is JobSpecException or PrivacyBudgetException or SecAggRefusedException or Data.Images.ImageDataException)
            {
                // The job does not fit this site's data (a missing column, too few rows, an image without its mask): a refusal the admin sees.
                answer = new SiteAnswer(ResultStatus.Refused, e.Message, "", null);
            }
            catch (Exception e) when (e is DataFormatException or ArgumentException or FormatException or InvalidDataException
                                          or TrainingDivergedException or IOException or KeyNotFoundException or SecAggException)
            {
                answer = new SiteAnswer(ResultStatus.Failed, e.Message, "", null);
            }
            if (answer.Status != ResultStatus.Ok) _log($"task {Short(task.TaskId)} ({Kind(task.Kind)}, job {task.JobId}): {(answer.Status == ResultStatus.Refused ? "refused" : "failed")}: {answer.Message}");
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await SubmitAsync(task, answer.Status, answer.Message, answer.Json, answer.Payload, cts.Token);
                    break;
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.DataLoss && attempt < 3)
                {
                    // The server counted fewer bytes than announced (or, for a client that sends one, a SHA-256 that does not
                    // match); the task stays open until its deadline, so send it again.
                    _log($"task {Short(task.TaskId)}: the upload arrived incomplete ({Short(e)}); sending it again");
                }
            }
            Interlocked.Increment(ref _tasksDone);
            // Sent: nothing holds the downloaded or the trained weights any more.
            if (answer.Spare is { } spare) Volatile.Write(ref _spare, spare);
            answer.Sent?.Invoke();
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            _log($"task {Short(task.TaskId)}: abandoned");
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.FailedPrecondition or StatusCode.PermissionDenied or StatusCode.InvalidArgument or StatusCode.DataLoss)
        {
            // The server refused this answer (late, closed, damaged): nothing to retry, pull the next task.
            _log($"task {Short(task.TaskId)}: the server did not take the result: {Short(e)}");
        }
        finally
        {
            _working.TryRemove(task.TaskId, out _);
        }
    }

    /// <summary>
    /// Fetches the task's payload (see <see cref="DownloadPayloadAsync"/>) into a pooled buffer and reads its arrays out of it, into
    /// a finished task's arrays where they fit: a fresh model-sized buffer or model every round cost its page faults every round.
    /// </summary>
    private async Task<ModelWeights> DownloadAsync(Protocol.Task task, CancellationToken ct)
    {
        var length = PayloadLength(task);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            await DownloadPayloadAsync(Transfer, task, rented.AsMemory(0, length), _log, ct);
            return Payloads.FromBytes(new ArraySegment<byte>(rented, 0, length), Interlocked.Exchange(ref _spare, null));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The payload length the task announces, checked against the limit.</summary>
    internal static int PayloadLength(Protocol.Task task) => task.PayloadBytes > 0 && task.PayloadBytes <= Math.Min(Payloads.MaxPayloadBytes, Array.MaxLength)
        ? (int)task.PayloadBytes
        : throw new InvalidDataException($"The task announces a payload of {task.PayloadBytes} bytes; a site takes 1 to {Array.MaxLength} bytes in one payload.");

    /// <summary>
    /// Fetches the task's payload into <paramref name="buffer"/> (as long as <see cref="PayloadLength"/>), resuming from where a
    /// broken transfer stopped (3 tries). A payload stitched from more than one connection is checked against its SHA-256; one that
    /// came whole over one connection is not hashed, since TLS authenticated every byte and the count is checked (hashing cost every
    /// site 0.7 CPU-s per GB per round).
    /// </summary>
    internal static async Task DownloadPayloadAsync(IPayloadTransfer transfer, Protocol.Task task, Memory<byte> buffer, Action<string> log, CancellationToken ct)
    {
        if (buffer.Length != PayloadLength(task)) throw new ArgumentException($"The buffer holds {buffer.Length} bytes; the task announces {task.PayloadBytes}.", nameof(buffer));
        var received = new StrongBox<long>(0);
        var resumed = false;
        for (var attempt = 1; received.Value < buffer.Length; attempt++)
        {
            resumed |= received.Value > 0;
            try
            {
                await transfer.DownloadAsync(task.TaskId, buffer, received, ct);
                if (received.Value < buffer.Length) throw new InvalidDataException($"The payload stream ended after {received.Value} of {buffer.Length} bytes.");
            }
            catch (RpcException e) when (attempt < 3 && e.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Cancelled && !ct.IsCancellationRequested)
            {
                log($"download of task {Short(task.TaskId)} broke at {received.Value} bytes ({e.StatusCode}); resuming");
            }
        }
        CheckStitched(buffer.Span, task.PayloadSha256, resumed);
    }

    /// <summary>Checks a download that came over more than one connection against the task's SHA-256; one that came whole is TLS's to vouch for.</summary>
    /// <exception cref="InvalidDataException">It was resumed and its SHA-256 differs.</exception>
    internal static void CheckStitched(ReadOnlySpan<byte> payload, string sha256, bool resumed)
    {
        if (resumed && Payloads.Sha256Hex(payload) is var sha && !string.Equals(sha, sha256, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"The downloaded weights' SHA-256 is {sha}, not {sha256}: the resumed transfer was damaged.");
    }

    private async Task SubmitAsync(Protocol.Task task, ResultStatus status, string message, string json, Action<Stream>? payload, CancellationToken ct)
    {
        // The serialised result is sent from the stream's own buffer: no second copy of the model. A training answer is about as
        // large as the task's payload (weights for weights, or the masked vector under secure aggregation), so its stream starts
        // as one buffer of that size instead of doubling its way up, copying itself each time; the buffer is pooled, since a
        // fresh model-sized one each round cost its page faults each round.
        var expected = payload is not null && task.Kind == TaskKind.Train ? Math.Clamp(task.PayloadBytes, 0, MaxAnswerBuffer - (64 << 10)) + (64 << 10) : 0;
        using var serialised = expected > 0 ? AnswerBuffers.GetStream("answer", expected, asContiguousBuffer: true) : AnswerBuffers.GetStream("answer");
        payload?.Invoke(serialised);
        var bytes = serialised.GetBuffer().AsMemory(0, (int)serialised.Length);
        var header = new ResultHeader { TaskId = task.TaskId, Status = status, Message = message, ResultJson = json, PayloadBytes = bytes.Length };
        await Transfer.SubmitAsync(header, bytes, payloadSha256: null, ct);
    }

    private static string Kind(TaskKind kind) => kind.ToString().ToLowerInvariant();

    private static string Short(string id) => id.Length > 8 ? id[..8] : id;

    private static string Short(RpcException e) => e.Status.Detail;
}
