using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Arcanum.Core.Learning;
using Arcanum.Core.Metrics;
using Arcanum.Core.Weights;
using Arcanum.Data.Encoding;
using Arcanum.Federated.Algorithms;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Setup;
using Arcanum.Federated.Simulation;
using Arcanum.Network.Protocol;
using Arcanum.Network.Transport;
using Microsoft.Extensions.Logging;

namespace Arcanum.Network.Server;

/// <summary>
/// Runs one job across the sites: setup (describe, summarise, fit the encoding), then rounds, each
/// checkpointed before it counts, then a last evaluation and the result files. A run started on a
/// job that already has a setup and completed rounds resumes after the last completed round.
/// </summary>
public sealed class JobRun
{
    /// <summary>A round that gathers too few results is tried this many times before the job fails.</summary>
    public const int MaxAttempts = 3;

    private readonly ServerContext _server;
    private readonly string _jobId;
    private readonly string _directory;
    private readonly SemaphoreSlim _fold = new(1);   // one result parsed and folded at a time: memory stays at one extra model
    private readonly ILogger _log;

    public JobRun(ServerContext server, string jobId)
    {
        _server = server;
        _jobId = jobId;
        _directory = Path.Combine(server.Workspace, "jobs", jobId);
        _log = server.Logger;
    }

    public string JobId => _jobId;

    public CancellationTokenSource Abort { get; } = new();

    public static string ResultsDirectory(string workspace, string jobId) => Path.Combine(workspace, "jobs", jobId, "results");

    public async System.Threading.Tasks.Task RunAsync(CancellationToken shutdown)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(shutdown, Abort.Token);
        var ct = linked.Token;
        var store = _server.Store;
        try
        {
            Directory.CreateDirectory(_directory);
            var row = store.GetJob(_jobId)!;
            var job = JobSpec.Parse(row.SpecJson);
            store.UpdateJob(_jobId, state: JobStates.Running, startedMs: row.StartedMs ?? Now(), message: row.RoundsDone > 0 ? $"resuming after round {row.RoundsDone}" : "starting");

            var (participants, setup) = row.SetupJson is null ? await SetupAsync(job, ct) : (row.Participants, StudySetup.FromJson(row.SetupJson));
            var spec = StudyModel.Spec(job, setup.SampleShape, setup.ClassNames.Count, job.Data);
            spec.Validate();
            var strategy = AlgorithmFactory.CreateServer(StudyModel.AlgorithmOptions(job));
            var metric = setup.ClassNames.Count == 2 ? "auroc" : "accuracy";

            var done = store.GetJob(_jobId)!.RoundsDone;
            ModelWeights global;
            if (done == 0)
            {
                global = _server.Learner.Initialize(spec, job.Seed);
            }
            else
            {
                var checkpoint = SafeTensors.Read(CheckpointPath(done));
                global = Payloads.Part(checkpoint, "global/") ?? throw new InvalidDataException($"Checkpoint of round {done} has no global weights.");
                strategy.ImportState(Payloads.Part(checkpoint, "state/") ?? new ModelWeights([]));
                store.AddEvent(_jobId, $"resumed from the checkpoint of round {done}", Now());
                _log.LogInformation("Job {Job}: resumed from the checkpoint of round {Round}", _jobId, done);
            }

            for (var round = done + 1; round <= job.Rounds; round++)
                global = await RoundAsync(job, setup, participants, strategy, global, round, metric, ct);

            await FinalEvaluationAsync(job, setup, participants, global, metric, ct);
            ResultsWriter.Write(_server.Store, _jobId, job, setup, spec, global, participants, ResultsDirectory(_server.Workspace, _jobId), TimeSpan.FromMilliseconds(Now() - (store.GetJob(_jobId)!.StartedMs ?? Now())));
            store.UpdateJob(_jobId, state: JobStates.Completed, finishedMs: Now(), message: $"completed {job.Rounds} rounds");
            _log.LogInformation("Job {Job}: completed", _jobId);
        }
        catch (OperationCanceledException) when (Abort.IsCancellationRequested)
        {
            store.UpdateJob(_jobId, state: JobStates.Aborted, finishedMs: Now(), message: "aborted by an admin");
            _log.LogInformation("Job {Job}: aborted", _jobId);
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            // Server shutting down: the job stays running and resumes at the next start.
        }
        catch (Exception e) when (e is JobSpecException or TrainingDivergedException or InvalidDataException or FormatException or ArgumentException or IOException)
        {
            store.UpdateJob(_jobId, state: JobStates.Failed, finishedMs: Now(), message: e.Message);
            store.AddEvent(_jobId, "failed: " + e.Message, Now());
            _log.LogWarning("Job {Job} failed: {Message}", _jobId, e.Message);
        }
        catch (Exception e)
        {
            // A bug must not leave a job "running" forever: fail it, say so, keep the server up.
            store.UpdateJob(_jobId, state: JobStates.Failed, finishedMs: Now(), message: $"internal error: {e.GetType().Name}: {e.Message}");
            _log.LogError(e, "Job {Job} failed with an internal error", _jobId);
        }
        finally
        {
            CloseAll();
        }
    }

    // ---- setup ----------------------------------------------------------------------------------

    private async Task<(IReadOnlyList<string> Participants, StudySetup Setup)> SetupAsync(JobSpec job, CancellationToken ct)
    {
        var store = _server.Store;
        var need = Math.Max(1, job.MinSites);
        var sites = await WaitForSitesAsync(job, need, ct);

        // Each answer is checked as it arrives (the protocol's schema first, in FederationService): a
        // malformed one is refused, the site hears why, and only that site takes no part.
        var descriptions = new SortedDictionary<string, SiteDescription>(StringComparer.Ordinal);
        var described = await RunTasksAsync(sites.Select(s => NewTask(s, TaskKind.Describe, 0, job, null, (t, outcome, _, _) =>
        {
            var d = WireJson.Read<DescribeResult>(outcome.ResultJson, "description");
            lock (descriptions) descriptions[t.Site] = new SiteDescription(d.Rows, d.TargetValues ?? [], d.Features, d.Columns);
            return System.Threading.Tasks.Task.CompletedTask;
        })).ToList(), job, ct);
        ReportSetbacks(described, "setup");
        CheckEnough(descriptions.Count, need, described, "described their data");
        var classes = TablePreparation.Classes(job, descriptions.Values);
        var features = TablePreparation.Features(descriptions, out var siteConstant);
        if (siteConstant.Count > 0)
            store.AddEvent(_jobId, $"setup: not features, being constant within every site (a site code carries no patient information): {string.Join(", ", siteConstant)}", Now());

        var columnTypes = TablePreparation.ColumnTypes(descriptions.Values);
        var setupForStatistics = new StudySetup(classes, features, null, [], null, columnTypes).ToJson();
        var summaries = new SortedDictionary<string, SiteSummary>(StringComparer.Ordinal);
        var rowCounts = new SortedDictionary<string, SiteRowCounts>(StringComparer.Ordinal);
        var summarised = await RunTasksAsync(descriptions.Keys.Select(s => NewTask(s, TaskKind.Statistics, 0, job, setupForStatistics, (t, outcome, _, _) =>
        {
            var (summary, counts) = ReadStatistics(outcome.ResultJson, features, classes.Count);
            lock (summaries)
            {
                summaries[t.Site] = summary;
                rowCounts[t.Site] = counts;
            }
            return System.Threading.Tasks.Task.CompletedTask;
        })).ToList(), job, ct);
        ReportSetbacks(summarised, "setup");
        CheckEnough(summaries.Count, need, summarised, "summarised their data");
        var setup = TablePreparation.Decide(job, classes, features, summaries.Values, columnTypes);
        var participants = summaries.Keys.ToList();
        store.UpdateJob(_jobId, participantsCsv: string.Join(",", participants), setupJson: setup.ToJson(), siteRowsJson: WireJson.Write(rowCounts),
            message: $"setup done: {participants.Count} sites, {summaries.Values.Sum(s => s.TrainRows)} training rows, {setup.SampleShape[0]} features");
        store.AddEvent(_jobId, $"sites taking part: {string.Join(", ", participants)}", Now());
        return (participants, setup);
    }

    /// <summary>
    /// A STATISTICS answer (already valid against the protocol's schema), checked against this study:
    /// one count per class, and the columns the study asked for.
    /// </summary>
    private static (SiteSummary, SiteRowCounts) ReadStatistics(string json, IReadOnlyList<string> features, int classCount)
    {
        var s = WireJson.Read<StatisticsResult>(json, "statistics answer");
        if (s.ClassCounts.Length != classCount || s.HoldoutClassCounts is { } h && h.Length != classCount)
            throw new FormatException($"$.class_counts: expected {classCount} counts, one per class of the study.");
        var statistics = EncoderStatistics.FromJson(s.Statistics.ToJsonString());
        var columns = statistics.Columns.Select(c => c.Name).ToList();
        if (!columns.SequenceEqual(features, StringComparer.Ordinal))
            throw new FormatException($"$.statistics: summarises columns [{string.Join(", ", columns)}]; the study's features are [{string.Join(", ", features)}].");
        return (new SiteSummary(s.TrainRows, s.HoldoutRows, s.ClassCounts, statistics),
            new SiteRowCounts((int)s.TrainRows, (int)s.HoldoutRows, (s.HoldoutClassCounts ?? []).Select(c => (int)c).ToArray()));
    }

    /// <summary>Records every refusal and failure as a job event, so it reaches the admin (`admin status`).</summary>
    private void ReportSetbacks(IReadOnlyDictionary<string, TaskOutcome> outcomes, string stage)
    {
        foreach (var (site, o) in outcomes.Where(o => !o.Value.Ok))
        {
            var what = o.Status == ResultStatus.Refused ? "refused" : "did not take part";
            _server.Store.AddEvent(_jobId, $"{stage}: {site} {what}: {o.Message}", Now());
            _log.LogWarning("Job {Job}: {Stage}: {Site} {What}: {Message}", _jobId, stage, site, what, o.Message);
        }
    }

    /// <summary>A site that answered OK but sent no evaluation when one was asked for: its metrics are missing from the pooled figures.</summary>
    private void ReportMissingEvaluations(IReadOnlyDictionary<string, TaskOutcome> outcomes, RoundState state, int evaluateRound, string stage)
    {
        if (evaluateRound <= 0) return;
        foreach (var site in outcomes.Where(o => o.Value.Ok).Select(o => o.Key).Where(s => !state.Evaluations.ContainsKey(s)))
        {
            _server.Store.AddEvent(_jobId, $"{stage}: {site} sent no evaluation of round {evaluateRound}; the pooled metrics leave it out", Now());
        }
    }

    /// <summary>Records a job event when a participant goes offline or comes back, once per change rather than every round.</summary>
    private void NoteAbsences(IReadOnlyList<string> participants, IReadOnlyList<string> online, int round)
    {
        foreach (var site in participants)
        {
            var here = online.Contains(site, StringComparer.Ordinal);
            if (!here && _absent.Add(site))
            {
                var why = _server.Registry.StateOf(site) is "revoked" or "refused"
                    ? "its certificate is no longer accepted"
                    : "it is offline; it rejoins when it reconnects";
                _server.Store.AddEvent(_jobId, $"round {round}: {site} gets no task: {why}", Now());
            }
            else if (here && _absent.Remove(site))
            {
                _server.Store.AddEvent(_jobId, $"round {round}: {site} is back online and takes part again", Now());
            }
        }
    }

    private readonly HashSet<string> _absent = new(StringComparer.Ordinal);

    private void CheckEnough(int have, int need, IReadOnlyDictionary<string, TaskOutcome> outcomes, string what)
    {
        if (have >= need) return;
        var why = string.Join("; ", outcomes.Where(o => !o.Value.Ok).Select(o => $"{o.Key}: {o.Value.Message}"));
        throw new JobSpecException($"Only {have} site(s) {what}; the job needs at least {need} (min_sites). {why}");
    }

    /// <summary>Waits for min_sites online sites holding the job's dataset; after site_wait_timeout_s the job fails, saying who is missing.</summary>
    private async Task<IReadOnlyList<string>> WaitForSitesAsync(JobSpec job, int need, CancellationToken ct)
    {
        var announced = -1;
        var until = _server.Clock.GetUtcNow() + TimeSpan.FromSeconds(job.SiteWaitTimeoutS);
        while (true)
        {
            var online = _server.Registry.OnlineWith(job.Data);
            if (online.Count >= need) return online;
            if (_server.Clock.GetUtcNow() >= until)
            {
                var offer = _server.Store.Sites().Where(s => s.DatasetsCsv.Split(',').Contains(job.Data, StringComparer.Ordinal)).Select(s => s.Name).ToList();
                throw new JobSpecException($"After {job.SiteWaitTimeoutS} s (site_wait_timeout_s) only {online.Count} of the {need} sites the job needs (min_sites) " +
                    $"were online with dataset '{job.Data}'" + (online.Count > 0 ? $" ({string.Join(", ", online)})" : "") + ". " +
                    (offer.Count > 0 ? $"Sites that offer it: {string.Join(", ", offer)}." : "No registered site offers it."));
            }
            if (online.Count != announced)
            {
                _server.Store.UpdateJob(_jobId, message: $"waiting for sites: {online.Count} of {need} online with dataset '{job.Data}' (gives up after {job.SiteWaitTimeoutS} s)");
                announced = online.Count;
            }
            await System.Threading.Tasks.Task.Delay(TimeSpan.FromMilliseconds(250), _server.Clock, ct);
        }
    }

    /// <summary>Before a round, waits (at most <paramref name="timeout"/>) for enough participants to be online, so a round is not spent on sites still reconnecting.</summary>
    private async System.Threading.Tasks.Task WaitForParticipantsAsync(IReadOnlyList<string> participants, int need, TimeSpan timeout, CancellationToken ct)
    {
        var until = _server.Clock.GetUtcNow() + timeout;
        while (participants.Count(_server.Registry.IsOnline) < Math.Min(need, participants.Count) && _server.Clock.GetUtcNow() < until)
            await System.Threading.Tasks.Task.Delay(200, ct);
    }

    // ---- rounds ---------------------------------------------------------------------------------

    private sealed class RoundState
    {
        public readonly Dictionary<string, TrainResult> Trained = new(StringComparer.Ordinal);
        public readonly Dictionary<string, SiteEvaluation> Evaluations = new(StringComparer.Ordinal);
    }

    private async Task<ModelWeights> RoundAsync(JobSpec job, StudySetup setup, IReadOnlyList<string> participants, IServerStrategy strategy,
        ModelWeights global, int round, string metric, CancellationToken ct)
    {
        var store = _server.Store;
        var need = Math.Max(1, job.MinSites);
        for (var attempt = 1; ; attempt++)
        {
            await WaitForParticipantsAsync(participants, need, TimeSpan.FromSeconds(job.RoundTimeoutS), ct);
            // Only sites online now get a task: one that died in an earlier round is not waited on
            // again; it takes part again once it reconnects.
            _server.Registry.Recheck();
            var online = participants.Where(_server.Registry.IsOnline).ToList();
            NoteAbsences(participants, online, round);
            var selected = online.Count == 0 ? [] : ClientSampler.Sample(round, online, job.Fraction, Math.Min(need, online.Count), job.Seed);
            var task = strategy.CreateTask(round, global);
            var payload = Path.Combine(_directory, $"task-{round}-{attempt}.safetensors");
            var (bytes, sha) = Payloads.WriteFile(payload, Payloads.Pack((Payloads.Global, task.Global), (Payloads.Control, task.ServerControl)));
            var aggregation = strategy.BeginRound(round, global, participants.Count);
            var state = new RoundState();
            var setupJson = setup.ToJson();
            var evaluateRound = round - 1;

            var tasks = new List<IssuedTask>();
            foreach (var site in online)
            {
                var train = selected.Contains(site, StringComparer.Ordinal);
                if (!train && evaluateRound == 0) continue;
                var message = NewMessage(train ? TaskKind.Train : TaskKind.Evaluate, round, job, setupJson);
                message.PayloadBytes = bytes;
                message.PayloadSha256 = sha;
                message.ProximalMu = task.ProximalMu;
                message.EvaluateRound = evaluateRound;
                tasks.Add(new IssuedTask(site, message, payload, (t, outcome, file, c) => AcceptAsync(t, outcome, file, aggregation, state, c)));
            }
            _log.LogInformation("Job {Job}: round {Round}/{Rounds} (attempt {Attempt}): {Count} sites training", _jobId, round, job.Rounds, attempt, selected.Count);
            store.UpdateJob(_jobId, message: $"round {round}/{job.Rounds}{(attempt > 1 ? $" (attempt {attempt})" : "")}: training at {selected.Count} site{(selected.Count == 1 ? "" : "s")}");
            var outcomes = await RunTasksAsync(tasks, job, ct);
            TryDelete(payload);

            ReportSetbacks(outcomes, $"round {round}");
            ReportMissingEvaluations(outcomes, state, evaluateRound, $"round {round}");

            var evaluationRows = EvaluationRows(evaluateRound, state.Evaluations);
            if (state.Trained.Count < need)
            {
                // Too few results: the partial sums are dropped with `aggregation` and the round runs again.
                store.SaveRoundRows(_jobId, evaluationRows);
                var text = $"round {round}: {state.Trained.Count} of {selected.Count} sites answered before the deadline; need {need} (min_sites)";
                if (attempt >= MaxAttempts) throw new JobSpecException($"{text}. Gave up after {MaxAttempts} attempts.");
                store.AddEvent(_jobId, $"{text}; retrying (attempt {attempt + 1} of {MaxAttempts})", Now());
                _log.LogWarning("Job {Job}: {Text}; retrying", _jobId, text);
                continue;
            }

            var next = aggregation.Complete();
            TrainingDivergedException.ThrowIfNotFinite(next, $"in round {round} ({job.Algorithm})", $"Lower \"lr\" (now {job.LearningRate}).");
            // The checkpoint goes to disk first; the store's commit is what makes the round count.
            Payloads.WriteFile(CheckpointPath(round), Payloads.Pack(("global/", next), ("state/", strategy.ExportState())));
            var rows = state.Trained.Select(p => new RoundSiteRow(round, p.Key, true, p.Value.Samples, p.Value.TrainLoss, 0, null, null))
                .Concat(selected.Where(s => !state.Trained.ContainsKey(s)).Select(s => new RoundSiteRow(round, s, false, 0, null, 0, null, null)))
                .Concat(evaluationRows);
            var pooledMetric = state.Evaluations.Count > 0 ? SiteEvaluation.Pool(state.Evaluations).Pooled.Get(metric) : (double?)null;
            var loss = state.Trained.Values.Sum(t => t.TrainLoss * t.Samples) / Math.Max(1, state.Trained.Values.Sum(t => t.Samples));
            store.CommitRound(_jobId, round, rows,
                $"round {round}/{job.Rounds} done: {state.Trained.Count} of {selected.Count} sites, loss {loss.ToString("F4", CultureInfo.InvariantCulture)}",
                metric, pooledMetric);
            if (round >= 3) TryDelete(CheckpointPath(round - 2));
            ReleaseMemory();
            return next;
        }
    }

    private async System.Threading.Tasks.Task FinalEvaluationAsync(JobSpec job, StudySetup setup, IReadOnlyList<string> participants, ModelWeights global, string metric, CancellationToken ct)
    {
        var payload = Path.Combine(_directory, "final.safetensors");
        var (bytes, sha) = Payloads.WriteFile(payload, Payloads.Pack((Payloads.Global, global)));
        var state = new RoundState();
        var setupJson = setup.ToJson();
        _server.Registry.Recheck();
        var tasks = participants.Where(_server.Registry.IsOnline).Select(site =>
        {
            var message = NewMessage(TaskKind.Evaluate, job.Rounds + 1, job, setupJson);
            message.PayloadBytes = bytes;
            message.PayloadSha256 = sha;
            message.EvaluateRound = job.Rounds;
            return new IssuedTask(site, message, payload, (t, o, f, c) => AcceptAsync(t, o, f, null, state, c));
        }).ToList();
        _server.Store.UpdateJob(_jobId, message: "evaluating the final model");
        var outcomes = await RunTasksAsync(tasks, job, ct);
        ReportSetbacks(outcomes, "final evaluation");
        ReportMissingEvaluations(outcomes, state, job.Rounds, "final evaluation");
        TryDelete(payload);
        var value = state.Evaluations.Count > 0 ? SiteEvaluation.Pool(state.Evaluations).Pooled.Get(metric) : (double?)null;
        _server.Store.SaveRoundRows(_jobId, EvaluationRows(job.Rounds, state.Evaluations));
        _server.Store.UpdateJob(_jobId, metric: metric, metricValue: value);
    }

    private static IEnumerable<RoundSiteRow> EvaluationRows(int round, IReadOnlyDictionary<string, SiteEvaluation> evaluations) =>
        round <= 0 ? [] : evaluations.Select(p => new RoundSiteRow(round, p.Key, false, 0, null, p.Value.HoldoutRows,
            WireJson.Write(p.Value.Metrics), WireJson.Write(p.Value.Calibration))).ToList();

    /// <summary>Checks and folds one site's answer; throwing refuses it (the site hears why).</summary>
    private async System.Threading.Tasks.Task AcceptAsync(IssuedTask task, TaskOutcome outcome, string? payloadFile, IRoundAggregation? aggregation, RoundState state, CancellationToken ct)
    {
        var kind = task.Message.Kind;
        SiteEvaluation? evaluation;
        TrainResult? trained = null;
        if (kind == TaskKind.Train)
        {
            trained = WireJson.Read<TrainResult>(outcome.ResultJson, "training result");
            if (trained.Samples <= 0) throw new FormatException("The training result reports no samples.");
            if (payloadFile is null) throw new FormatException("A training result must carry the trained weights.");
            evaluation = trained.Evaluation;
        }
        else
        {
            evaluation = WireJson.Read<EvaluateResult>(outcome.ResultJson, "evaluation result").Evaluation;
        }
        if (task.Message.EvaluateRound > 0 && evaluation is not null && evaluation.Round != task.Message.EvaluateRound)
            throw new FormatException($"The evaluation is of round {evaluation.Round}; round {task.Message.EvaluateRound} was asked for.");

        if (trained is not null)
        {
            await _fold.WaitAsync(ct);
            try
            {
                ModelWeights packed;
                using (var file = File.OpenRead(payloadFile!)) packed = SafeTensors.Read(file, out _);
                var weights = Payloads.Part(packed, Payloads.Weights) ?? throw new FormatException("The result payload has no 'weights/' arrays.");
                aggregation!.Add(new RoundResult(task.Site, trained.Samples, weights, Payloads.Part(packed, Payloads.ControlDelta), trained.Steps));
            }
            finally
            {
                _fold.Release();
            }
        }
        lock (state)
        {
            if (trained is not null) state.Trained[task.Site] = trained;
            if (evaluation is not null && task.Message.EvaluateRound > 0) state.Evaluations[task.Site] = evaluation;
        }
    }

    // ---- tasks ----------------------------------------------------------------------------------

    private IssuedTask NewTask(string site, TaskKind kind, int round, JobSpec job, string? setupJson,
        Func<IssuedTask, TaskOutcome, string?, CancellationToken, System.Threading.Tasks.Task>? accept = null) =>
        new(site, NewMessage(kind, round, job, setupJson), null, accept);

    private Protocol.Task NewMessage(TaskKind kind, int round, JobSpec job, string? setupJson) => new()
    {
        TaskId = Guid.NewGuid().ToString("N"),
        JobId = _jobId,
        Kind = kind,
        Round = round,
        JobJson = _specJson ??= _server.Store.GetJob(_jobId)!.SpecJson,
        SetupJson = setupJson ?? "",
        DeadlineUnixMs = Now() + (long)job.RoundTimeoutS * 1000,
    };

    private readonly List<IssuedTask> _open = [];
    private string? _specJson;

    /// <summary>
    /// Issues the tasks and waits until each is answered, or its site went offline, or the deadline
    /// passed. Returns every site's outcome.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, TaskOutcome>> RunTasksAsync(IReadOnlyList<IssuedTask> tasks, JobSpec job, CancellationToken ct)
    {
        lock (_open) _open.AddRange(tasks);
        foreach (var t in tasks) _server.Board.Issue(t);
        var issued = _server.Clock.GetUtcNow();
        try
        {
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                _server.Registry.Recheck();   // a site revoked mid-round is not waited for
                var now = _server.Clock.GetUtcNow();
                foreach (var t in tasks.Where(t => t.IsOpen))
                {
                    if (now > t.Deadline) t.TryClose($"no answer within round_timeout_s ({job.RoundTimeoutS} s)");
                    // A site gets one heartbeat timeout to show up (after a server restart every site is
                    // briefly unknown); after that, a silent site is not waited for.
                    else if (!_server.Registry.IsOnline(t.Site) && now - issued > _server.Registry.HeartbeatTimeout) t.TryClose("the site went offline");
                }
                if (tasks.All(t => t.Outcome.Task.IsCompleted)) break;
                await System.Threading.Tasks.Task.WhenAny(System.Threading.Tasks.Task.WhenAll(tasks.Select(t => t.Outcome.Task)), System.Threading.Tasks.Task.Delay(200, ct));
            }
            return tasks.ToDictionary(t => t.Site, t => t.Outcome.Task.Result, StringComparer.Ordinal);
        }
        finally
        {
            foreach (var t in tasks) t.TryClose("the round is over");
            lock (_open) _open.RemoveAll(tasks.Contains);
            _ = ForgetLaterAsync(tasks);
        }
    }

    /// <summary>Closed tasks stay known for a while so heartbeats can tell their sites to stop; then they go.</summary>
    private async System.Threading.Tasks.Task ForgetLaterAsync(IReadOnlyList<IssuedTask> tasks)
    {
        await System.Threading.Tasks.Task.Delay(_server.Registry.HeartbeatTimeout * 2).ConfigureAwait(false);
        _server.Board.Remove(tasks);
    }

    private void CloseAll()
    {
        lock (_open)
        {
            foreach (var t in _open) t.TryClose("the job stopped");
        }
    }

    /// <summary>
    /// After a round, the models it passed through (uploads parsed, the old global) are garbage on
    /// the large-object heap; collect and compact it once so the server's memory stays flat over
    /// hundreds of rounds instead of growing until the GC feels pressure (NVFlare #2166).
    /// </summary>
    private static void ReleaseMemory()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    private string CheckpointPath(int round) => Path.Combine(_directory, $"checkpoint-{round}.safetensors");

    private long Now() => _server.Clock.GetUtcNow().ToUnixTimeMilliseconds();

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }
}
