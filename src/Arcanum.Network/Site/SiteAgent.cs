using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Arcanum.Core.IO;
using Arcanum.Core.Learning;
using Arcanum.Core.Weights;
using Arcanum.Data;
using Arcanum.Data.Encoding;
using Arcanum.Data.Tables;
using Arcanum.Federated.Algorithms;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Privacy;
using Arcanum.Federated.SecureAggregation;
using Arcanum.Federated.Setup;
using Arcanum.Federated.Simulation;
using Arcanum.Network.Protocol;
using Arcanum.Network.Transport;
using Grpc.Core;

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
    private readonly Action<string> _log;
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _working = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (DateTime Written, DataTable Table)> _tables = new(StringComparer.Ordinal);
    // Written only by the pull loop; the heartbeat loop reads the keys to ask which jobs are over.
    private readonly ConcurrentDictionary<string, PreparedJob> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _ended = new();
    private int _tasksDone;
    private string _siteName = "";
    private StatisticsQueryHandler? _statistics;
    private SecureParticipation? _secureParticipation;
    private IPayloadTransfer? _transfer;

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
    internal int PreparedJobs => _jobs.Count;

    /// <summary>Jobs whose secure-aggregation keys this agent holds.</summary>
    internal int SecureJobs => _secureParticipation?.JobIds.Count ?? 0;

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

    private SecureParticipation Secure => _secureParticipation ??= new SecureParticipation(Keys);

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
                var request = new RegisterRequest { Policy = _policy, Software = Software };
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
            ForgetEndedJobs();
            var reply = await _client.PullTaskAsync(new PullTaskRequest { WaitMs = 10_000 }, deadline: DateTime.UtcNow.AddSeconds(40), cancellationToken: ct);
            if (reply.Task is null) continue;
            await AnswerAsync(reply.Task, ct);
        }
    }

    /// <summary>Lets go of the state of jobs the server said are over (between tasks, so no task is using it).</summary>
    private void ForgetEndedJobs()
    {
        while (_ended.TryDequeue(out var jobId))
        {
            var prepared = _jobs.TryRemove(jobId, out _);
            var secure = _secureParticipation?.Forget(jobId) ?? false;
            if (prepared || secure) _log($"job {jobId} is over; its rows and keys are let go");
        }
    }

    /// <summary>The jobs this agent keeps state for, which the heartbeat asks the server about.</summary>
    private IEnumerable<string> HeldJobIds() => _jobs.Keys.Concat(_secureParticipation?.JobIds ?? []).Distinct(StringComparer.Ordinal);

    private async Task HeartbeatLoopAsync(TimeSpan interval, Action<RpcException> stop, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await Task.Delay(interval, ct).ConfigureAwait(false);
            try
            {
                var request = new HeartbeatRequest { BusyWithTaskId = _working.Keys.FirstOrDefault() ?? "" };
                request.HeldJobIds.AddRange(HeldJobIds());
                var reply = await _client.HeartbeatAsync(request, deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: ct);
                foreach (var id in reply.EndedJobIds) _ended.Enqueue(id);
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
            (ResultStatus Status, string Message, string Json, Action<Stream>? Payload) answer;
            try
            {
                answer = await DoAsync(task, cts.Token);
            }
            catch (Exception e) when (e is JobSpecException or PrivacyBudgetException or SecAggRefusedException)
            {
                // The job does not fit this site's data (a missing column, too few rows): a refusal the admin sees.
                answer = (ResultStatus.Refused, e.Message, "", null);
            }
            catch (Exception e) when (e is DataFormatException or ArgumentException or FormatException or InvalidDataException
                                          or TrainingDivergedException or IOException or KeyNotFoundException or SecAggException)
            {
                answer = (ResultStatus.Failed, e.Message, "", null);
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
                    // The upload was damaged in transit; the task stays open until its deadline, so send it again.
                    _log($"task {Short(task.TaskId)}: the upload arrived damaged ({Short(e)}); sending it again");
                }
            }
            Interlocked.Increment(ref _tasksDone);
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

    private async Task<(ResultStatus, string, string, Action<Stream>?)> DoAsync(Protocol.Task task, CancellationToken ct)
    {
        if (task.Kind == TaskKind.QueryStatistics)
        {
            _statistics ??= new StatisticsQueryHandler(_policy, Workspace, _log);
            var (status, message, json) = _statistics.Answer(task, _siteName, _datasets, p => Table(p));
            return (status, message, json, null);
        }
        var job = JobSpec.Parse(task.JobJson, "The job from the server");
        if (Refusal(job) is { } why) return (ResultStatus.Refused, why, "", null);
        if (!_datasets.TryGetValue(job.Data, out var path))
            return (ResultStatus.Refused, $"this site has no dataset '{job.Data}' (it has {string.Join(", ", _datasets.Keys)})", "", null);

        switch (task.Kind)
        {
            case TaskKind.Describe:
            {
                var d = TablePreparation.Describe(Table(path), job, job.Data);
                _log($"job {task.JobId}: described {d.Rows} rows, {d.Features.Count} feature columns");
                return (ResultStatus.Ok, "", WireJson.Write(new DescribeResult(d.Rows, d.TargetValues, d.Features, d.Columns)), null);
            }
            case TaskKind.Statistics:
            {
                var setup = StudySetup.FromJson(task.SetupJson);
                var table = Table(path, setup.ColumnTypes);
                TablePreparation.CheckFeatures(table, setup.Features, _siteName);
                var split = TablePreparation.Split(table, job, setup.ClassNames, _siteName);
                var summary = TablePreparation.Summarize(split, setup.Features, setup.ClassNames.Count);
                _log($"job {task.JobId}: {summary.TrainRows} training rows, {summary.HoldoutRows} held out");
                var holdoutByClass = Enumerable.Range(0, setup.ClassNames.Count).Select(c => (long)split.HoldoutLabels.Count(y => y == c)).ToArray();
                var result = new StatisticsResult(summary.TrainRows, summary.HoldoutRows, summary.ClassCounts, JsonNode.Parse(summary.Statistics.ToJson())!, holdoutByClass);
                return (ResultStatus.Ok, "", WireJson.Write(result), null);
            }
            case TaskKind.SecureStep:
            {
                var step = SecureParticipation.Step(task) ?? throw new FormatException("A SECURE_STEP task must carry step_json.");
                var reply = Secure.Answer(task.JobId, _siteName, job, step);
                _log($"job {task.JobId}: round {task.Round}: secure aggregation step {step.Stage.ToString().ToLowerInvariant()} answered");
                return (ResultStatus.Ok, "", reply, null);
            }
            case TaskKind.Train:
            case TaskKind.Evaluate:
            {
                var prepared = Prepare(task, job, path);
                var packed = await DownloadAsync(task, ct);
                var global = Payloads.Part(packed, Payloads.Global) ?? throw new InvalidDataException("The task payload has no global weights.");
                SiteEvaluation? evaluation = null;
                uint[]? histogramCounts = null;
                var step = SecureParticipation.Step(task);
                if (task.EvaluateRound > 0)
                {
                    var labels = prepared.Worker.Data.Holdout.Labels;
                    var probabilities = prepared.Worker.PredictHoldout(global);
                    // Under secure aggregation score histograms never travel in clear: on a training task they join the masked sum
                    // (the server learns only the total over the contributors), on an evaluation-only task they stay here.
                    evaluation = SiteEvaluation.Compute(task.EvaluateRound, labels, probabilities, prepared.ClassCount,
                        ShareScoreHistograms && !job.SecureAggregation);
                    if (step is { Setup.CountLength: > 0 })
                        histogramCounts = SecureParticipation.HistogramCounts(step, labels, probabilities, prepared.ClassCount, ShareScoreHistograms);
                }
                if (task.Kind == TaskKind.Evaluate)
                {
                    _log($"job {task.JobId}: evaluated round {task.EvaluateRound}");
                    // The final evaluation (the round after the last) ends the job here: let its rows go, or a long-lived site
                    // would hold every job's data. A repeated final task prepares them again; state and ledger stay on disk.
                    if (task.Round > job.Rounds) _jobs.TryRemove(task.JobId, out _);
                    if (step is null) return (ResultStatus.Ok, "", WireJson.Write(new EvaluateResult(evaluation!)), null);
                    var (evaluatedJson, counts) = Secure.MaskedEvaluation(task.JobId, _siteName, job, step, evaluation, histogramCounts);
                    return (ResultStatus.Ok, "", evaluatedJson, counts);
                }
                if (job.SecureAggregation && step is null)
                    throw new JobSpecException("the job has secure_aggregation but its TRAIN task carries no masked_input step; this site never sends its weights in clear in such a job");
                var roundTask = new RoundTask(task.Round, global, task.ProximalMu, Payloads.Part(packed, Payloads.Control));
                var outcome = await Task.Run(() => prepared.Worker.Train(roundTask, ct), ct).ConfigureAwait(false);
                TrainingDivergedException.ThrowIfNotFinite(outcome.Result.Weights, $"at {_siteName} in round {task.Round}", $"Lower \"lr\" (now {job.LearningRate}).");
                SaveState(prepared);
                SavePrivacy(prepared);
                _log($"job {task.JobId}: round {task.Round} trained on {outcome.Result.SampleCount} rows, " +
                     (outcome.Epsilon is { } spent ? $"ε spent {spent:F2} of {job.Dp!.Epsilon:G3}" : $"loss {outcome.TrainLoss:F4}"));
                if (step is not null)
                {
                    // Secure aggregation: only the masked update leaves, with the weight (and the score histograms) inside it.
                    var (maskedJson, masked) = Secure.MaskedTraining(task.JobId, _siteName, job, step, global, outcome.Result, outcome.TrainLoss, evaluation,
                        outcome.Epsilon, histogramCounts);
                    return (ResultStatus.Ok, "", maskedJson, masked);
                }
                var result = new TrainResult(outcome.Result.SampleCount, outcome.Result.LocalSteps, outcome.TrainLoss, evaluation, outcome.Epsilon);
                var weights = Payloads.Pack((Payloads.Weights, outcome.Result.Weights), (Payloads.ControlDelta, outcome.Result.ControlDelta));
                return (ResultStatus.Ok, "", WireJson.Write(result), stream => SafeTensors.Write(stream, weights));
            }
            default:
                return (ResultStatus.Failed, $"this site does not know task kind {task.Kind}; upgrade it", "", null);
        }
    }

    /// <summary>Why this site's policy refuses the job, or null.</summary>
    private string? Refusal(JobSpec job)
    {
        if (_policy.AllowedAlgorithms.Count > 0 && !_policy.AllowedAlgorithms.Contains(job.Algorithm, StringComparer.OrdinalIgnoreCase))
            return $"algorithm {job.Algorithm} is not allowed here (allowed: {string.Join(", ", _policy.AllowedAlgorithms)})";
        if (job.MinSites < _policy.MinSites)
            return $"the job aggregates as few as {job.MinSites} site(s) per round; this site requires min_sites >= {_policy.MinSites}";
        if (_policy.MaxRounds > 0 && job.Rounds > _policy.MaxRounds)
            return $"the job runs {job.Rounds} rounds; this site allows at most {_policy.MaxRounds}";
        if (_policy.MaxEpsilon > 0 && job.Dp is null)
            return $"this site only takes part in jobs with differential privacy (\"dp\") of epsilon <= {_policy.MaxEpsilon:G3}; the job has none";
        if (_policy.MaxEpsilon > 0 && job.Dp!.Epsilon > _policy.MaxEpsilon)
            return $"the job's dp epsilon {job.Dp.Epsilon:G3} exceeds this site's limit of {_policy.MaxEpsilon:G3}";
        return null;
    }

    private sealed record PreparedJob(string SetupJson, SiteWorker Worker, int ClassCount, IClientStrategy Client, string? StatePath, string? LedgerPath);

    /// <summary>The site's split and encoded rows for a job, built once and kept for its rounds (with the algorithm's site state).</summary>
    private PreparedJob Prepare(Protocol.Task task, JobSpec job, string path)
    {
        if (_jobs.TryGetValue(task.JobId, out var known) && known.SetupJson == task.SetupJson) return known;
        var setup = StudySetup.FromJson(task.SetupJson);
        var table = Table(path, setup.ColumnTypes);
        if (setup.EncoderJson is null) throw new InvalidDataException("The task's setup has no feature encoding.");
        var encoder = FeatureEncoder.FromJson(setup.EncoderJson);
        var split = TablePreparation.Split(table, job, setup.ClassNames, _siteName);
        var data = TablePreparation.ToSiteData(split, encoder, setup.ClassNames.Count);
        var spec = StudyModel.Spec(job, setup.SampleShape, setup.ClassNames.Count, job.Data);
        var options = StudyModel.TrainingOptions(job, setup.ClassWeights);
        var client = AlgorithmRegistry.CreateClient(StudyModel.AlgorithmOptions(job));
        var statePath = Workspace is null ? null : Path.Combine(Workspace, "jobs", Path.GetFileName(task.JobId), "site-state.safetensors");
        if (statePath is not null && File.Exists(statePath))
        {
            client.ImportState(SafeTensors.Read(statePath));
            _log($"job {task.JobId}: restored this site's {job.Algorithm} state from {statePath}");
        }
        var privacy = SiteDpLedger.For(job.Dp, data.Train.Count, options, job.Rounds);
        var ledgerPath = statePath is null ? null : Path.Combine(Path.GetDirectoryName(statePath)!, "dp-ledger.json");
        if (privacy is not null && ledgerPath is not null && File.Exists(ledgerPath))
        {
            privacy.RestoreRuns(File.ReadAllText(ledgerPath));
            _log($"job {task.JobId}: restored this site's DP ledger ({privacy.Runs.Count} runs, ε {privacy.Epsilon:F2} spent)");
        }
        var worker = new SiteWorker(data, _learner, spec, options, client, job.Seed, privacy);
        var prepared = new PreparedJob(task.SetupJson, worker, setup.ClassNames.Count, client, statePath, ledgerPath);
        _jobs[task.JobId] = prepared;
        return prepared;
    }

    /// <summary>The site's table, read once per file version; with the types the server settled for columns the sites' files type differently.</summary>
    /// <summary>Keeps the algorithm's site state on disk (atomically), so a restarted site carries on where it was.</summary>
    private static void SaveState(PreparedJob prepared)
    {
        if (prepared.StatePath is null) return;
        var state = prepared.Client.ExportState();
        if (state.Count == 0) return;
        Directory.CreateDirectory(Path.GetDirectoryName(prepared.StatePath)!);
        Payloads.WriteFile(prepared.StatePath, state);
    }

    /// <summary>Keeps the DP ledger on disk, so a restarted site keeps counting what it has spent.</summary>
    private static void SavePrivacy(PreparedJob prepared)
    {
        if (prepared.LedgerPath is null || prepared.Worker.Privacy is not { } ledger) return;
        AtomicFile.WriteAllText(prepared.LedgerPath, ledger.RunsJson());
    }

    private DataTable Table(string path, IReadOnlyDictionary<string, ColumnType>? types = null)
    {
        var key = types is { Count: > 0 } ? path + "|" + string.Join(",", types.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}:{t.Value}")) : path;
        var written = File.GetLastWriteTimeUtc(path);
        if (_tables.TryGetValue(key, out var cached) && cached.Written == written) return cached.Table;
        var table = CsvTableReader.Read(path, types is { Count: > 0 } ? new CsvReadOptions { TypeOverrides = types } : null);
        _tables[key] = (written, table);
        return table;
    }

    /// <summary>Fetches the task's payload, resuming from where a broken transfer stopped (3 tries), and checks its SHA-256.</summary>
    private async Task<ModelWeights> DownloadAsync(Protocol.Task task, CancellationToken ct)
    {
        if (task.PayloadBytes <= 0 || task.PayloadBytes > Payloads.MaxPayloadBytes) throw new InvalidDataException($"The task announces a payload of {task.PayloadBytes} bytes.");
        var buffer = new byte[task.PayloadBytes];
        var received = new StrongBox<long>(0);
        for (var attempt = 1; received.Value < buffer.Length; attempt++)
        {
            try
            {
                await Transfer.DownloadAsync(task.TaskId, buffer, received, ct);
                if (received.Value < buffer.Length) throw new InvalidDataException($"The payload stream ended after {received.Value} of {buffer.Length} bytes.");
            }
            catch (RpcException e) when (attempt < 3 && e.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Cancelled && !ct.IsCancellationRequested)
            {
                _log($"download of task {Short(task.TaskId)} broke at {received.Value} bytes ({e.StatusCode}); resuming");
            }
        }
        var sha = Payloads.Sha256Hex(buffer);
        if (!string.Equals(sha, task.PayloadSha256, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"The downloaded weights' SHA-256 is {sha}, not {task.PayloadSha256}: the transfer was damaged.");
        return Payloads.FromBytes(buffer);
    }

    private async Task SubmitAsync(Protocol.Task task, ResultStatus status, string message, string json, Action<Stream>? payload, CancellationToken ct)
    {
        // The serialised result is sent from the stream's own buffer: no second copy of the model.
        using var serialised = new MemoryStream();
        payload?.Invoke(serialised);
        var bytes = serialised.GetBuffer().AsMemory(0, (int)serialised.Length);
        var header = new ResultHeader { TaskId = task.TaskId, Status = status, Message = message, ResultJson = json, PayloadBytes = bytes.Length };
        await Transfer.SubmitAsync(header, bytes, bytes.Length > 0 ? Payloads.Sha256Hex(bytes.Span) : "", ct);
    }

    private static string Kind(TaskKind kind) => kind.ToString().ToLowerInvariant();

    private static string Short(string id) => id.Length > 8 ? id[..8] : id;

    private static string Short(RpcException e) => e.Status.Detail;
}
