using System.Globalization;
using Arcanum.Core.Metrics;
using Arcanum.Core.Weights;
using Arcanum.Federated.Algorithms;
using Arcanum.Federated.Engine;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Privacy;
using Arcanum.Federated.SecureAggregation;
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
    private readonly ServerContext _server;
    private readonly string _jobId;
    private readonly string _directory;
    private readonly ILogger _log;
    private readonly JobTasks _tasks;
    private readonly JobFiles _files;
    private RoundEngine? _engine;
    private int _rounds;
    private int _classCount;
    private IReadOnlyDictionary<string, SiteRowCounts>? _rowCounts;
    private IFunctionModel? _function;

    public JobRun(ServerContext server, string jobId)
    {
        _server = server;
        _jobId = jobId;
        _directory = Path.Combine(server.Workspace, "jobs", jobId);
        _log = server.Logger;
        _tasks = new JobTasks(server, jobId, _directory);
        _files = new JobFiles(_directory);
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
            _rounds = job.Rounds;
            _function = job.IsNotes
                ? _server.FunctionModel(job) ?? throw new JobSpecException($"This server cannot run \"task\": \"{job.Task}\" jobs: it was started without that model.")
                : null;
            store.UpdateJob(_jobId, state: JobStates.Running, startedMs: row.StartedMs ?? Now(), message: row.RoundsDone > 0 ? $"resuming after round {row.RoundsDone}" : "starting");
            if (job.IsImageSynthesis)
            {
                var gan = _server.GanModel(job) ?? throw new JobSpecException($"This server cannot run \"task\": \"{job.Task}\" jobs: it was started without that model.");
                await new GanJobRun(_server, _jobId, _directory, _tasks, new JobSetup(_server, _jobId, _tasks, ReportSetbacks), new Events(this)).RunAsync(job, gan, ct);
                store.UpdateJob(_jobId, state: JobStates.Completed, finishedMs: Now(), message: $"completed {job.Rounds} epochs");
                _log.LogInformation("Job {Job}: completed", _jobId);
                return;
            }

            var (participants, setup) = row.SetupJson is null
                ? await new JobSetup(_server, _jobId, _tasks, ReportSetbacks).RunAsync(job, ct)
                : (row.Participants, job.IsNotes ? JobSetup.EmptySetup : StudySetup.FromJson(row.SetupJson));
            // A notes job's tasks carry no setup (there is nothing to agree on; protos/README.md section 17).
            _tasks.SetupJson = job.IsNotes ? "" : setup.ToJson();
            _tasks.DpEpsilon = job.Dp?.Epsilon;
            _tasks.Protection = (job.SecureAggregation, job.SecureAggregation && job.ClientDp is not null);
            _tasks.Segmentation = job.IsSegmentation;
            _tasks.ScoreMetric = _function?.Metric;
            _classCount = setup.ClassNames.Count;
            _rowCounts = store.GetJob(_jobId)!.SiteRowsJson is { } rowsJson
                ? WireJson.Read<Dictionary<string, SiteRowCounts>>(rowsJson, "stored row counts")
                : null;
            // Under secure aggregation a site's weight is min(rows, MaxWeight): the largest site's rows keep it exactly FedAvg's.
            // and the sites' score histograms ride in the secure sum, so none travels in clear.
            // A site revoked since the last round gets no task: the engine re-checks certificates before it picks sites.
            _engine = new RoundEngine(_tasks, new Events(this), _server.Registry.Recheck)
            {
                // The next round's key exchanges run while this round is checkpointed and committed.
                PrepareAhead = true,
                // A notes site weighs by its training KiB, which the server does not know: the default limit (1,000 KiB) applies.
                SecureOptions = new SecAggOptions { MaxWeight = _function is not null ? SecAggOptions.DefaultMaxWeight : Math.Max(1, _rowCounts?.Values.Max(c => c.Train) ?? SecAggOptions.DefaultMaxWeight) },
                SecureEvaluationCounts = job.IsSegmentation || _function is not null ? 0 : ScoreHistograms.Length(_classCount),
            };
            var spec = _function is null ? StudyModel.Spec(job, setup.SampleShape, setup.ClassNames.Count, job.Data) : null;
            spec?.Validate();
            var strategy = AlgorithmRegistry.CreateServer(StudyModel.AlgorithmOptions(job));
            var metric = _function?.Metric ?? (job.IsSegmentation ? "dice" : setup.ClassNames.Count == 2 ? "auroc" : "accuracy");

            var done = store.GetJob(_jobId)!.RoundsDone;
            // ε must keep counting across a restart: without the ledger the job cannot say what it has spent, so it stops.
            if (job.ClientDp is { } clientDp && done > 0) _engine.ClientDpLedger = _files.RestoreLedger(clientDp, done);
            ModelWeights global;
            if (done == 0)
            {
                global = _function?.Initialize(job) ?? _server.Learner.Initialize(spec!, job.Seed);
            }
            else
            {
                var checkpoint = SafeTensors.Read(_files.CheckpointPath(done));
                global = Payloads.Part(checkpoint, "global/") ?? throw new InvalidDataException($"Checkpoint of round {done} has no global weights.");
                strategy.ImportState(Payloads.Part(checkpoint, "state/") ?? new ModelWeights([]));
                store.AddEvent(_jobId, $"resumed from the checkpoint of round {done}", Now());
                _log.LogInformation("Job {Job}: resumed from the checkpoint of round {Round}", _jobId, done);
            }

            for (var round = done + 1; round <= job.Rounds; round++)
                global = await RoundAsync(job, participants, strategy, global, round, metric, ct);

            await FinalEvaluationAsync(job, participants, global, metric, ct);
            var elapsed = TimeSpan.FromMilliseconds(Now() - (store.GetJob(_jobId)!.StartedMs ?? Now()));
            if (_function is not null)
                ResultsWriter.WriteFunction(_server.Store, _jobId, job, _function, global, participants, ResultsDirectory(_server.Workspace, _jobId), elapsed,
                    _engine.ClientDpLedger?.Rounds.LastOrDefault()?.Epsilon);
            else
                ResultsWriter.Write(_server.Store, _jobId, job, setup, spec!, global, participants, ResultsDirectory(_server.Workspace, _jobId), elapsed,
                    _engine.ClientDpLedger?.Rounds.GroupBy(r => r.Round).ToDictionary(g => g.Key, g => g.Last().Epsilon),
                    _files.LoadSecureSums().ToDictionary(p => p.Key, p => p.Value.ToHistograms()));
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
            // A key exchange run ahead for a round that will not come stops first, so nothing issues tasks after they are closed.
            if (_engine is not null) await _engine.DisposeAsync();
            _tasks.CloseAll();
        }
    }

    /// <summary>Records every refusal and failure as a job event, so it reaches the admin (`admin status`).</summary>
    private void ReportSetbacks(IReadOnlyDictionary<string, TaskOutcome> outcomes, string stage)
    {
        foreach (var (site, o) in outcomes.Where(o => !o.Value.Ok))
        {
            var what = o.Status == OutcomeStatus.Refused ? "refused" : "did not take part";
            _server.Store.AddEvent(_jobId, $"{stage}: {site} {what}: {o.Message}", Now());
            _log.LogWarning("Job {Job}: {Stage}: {Site} {What}: {Message}", _jobId, stage, site, what, o.Message);
        }
    }

    /// <summary>A site that answered OK but sent no evaluation when one was asked for: its metrics are missing from the pooled figures.</summary>
    private void ReportMissingEvaluations(IReadOnlyDictionary<string, TaskOutcome> outcomes, IReadOnlyDictionary<string, SiteEvaluation> evaluations, int evaluateRound, string stage)
    {
        if (evaluateRound <= 0) return;
        foreach (var site in outcomes.Where(o => o.Value.Ok).Select(o => o.Key).Where(s => !evaluations.ContainsKey(s)))
        {
            _server.Store.AddEvent(_jobId, $"{stage}: {site} sent no evaluation of round {evaluateRound}; the pooled metrics leave it out", Now());
        }
    }

    // ---- rounds ---------------------------------------------------------------------------------

    private async Task<ModelWeights> RoundAsync(JobSpec job, IReadOnlyList<string> participants, IServerStrategy strategy,
        ModelWeights global, int round, string metric, CancellationToken ct)
    {
        var report = await _engine!.RunAsync(job, strategy, participants, global, round, evaluate: true, ct);
        var evaluateRound = round - 1;
        var evaluations = Evaluations(report.Answers, evaluateRound);
        ReportMissingEvaluations(report.Outcomes, evaluations, evaluateRound, $"round {round}");

        var next = report.Global;
        // The checkpoint (and client-level DP's ledger) go to disk first; the store's commit is what makes the round count.
        _files.WriteCheckpoint(round, next, strategy.ExportState());
        if (_engine.ClientDpLedger is { } ledger) _files.SaveLedger(ledger);
        // Under secure aggregation a site's sample count travels masked: its row says it contributed, with 0 samples.
        var trained = report.Selected.Where(report.Contributed).ToList();
        var rows = trained.Select(s => report.Answers[s]).Select(a => new RoundSiteRow(round, a.Site, true, a.Trained?.SampleCount ?? 0, a.TrainLoss, 0, null, null, Epsilon: a.Epsilon))
            .Concat(report.Selected.Where(s => !trained.Contains(s, StringComparer.Ordinal)).Select(s => new RoundSiteRow(round, s, false, 0, null, 0, null, null)))
            .Concat(EvaluationRows(evaluateRound, evaluations));
        var summed = report.Secure?.Counts is { Length: > 0 } counts ? ScoreHistograms.FromCounts(counts, _classCount) : null;
        if (summed is not null) _files.SaveSecureSum(evaluateRound, summed);
        var pooledMetric = PooledMetric(evaluations, metric, $"round {round}", summed);
        var privacy = report.ClientEpsilon is { } ce ? $", client-level ε {ce.ToString("F2", CultureInfo.InvariantCulture)} (σ {report.ClientNoiseMultiplier!.Value.ToString("G3", CultureInfo.InvariantCulture)})" : "";
        var secure = report.Secure is { } sa ? $" (secure aggregation; the mean is exact to ±{sa.MeanErrorBound.ToString("G2", CultureInfo.InvariantCulture)} per weight)" : "";
        _server.Store.CommitRound(_jobId, round, rows,
            $"round {round}/{job.Rounds} done: {trained.Count} of {report.Selected.Count} sites{secure}, loss {(report.MeanLoss ?? 0).ToString("F4", CultureInfo.InvariantCulture)}{privacy}",
            metric, pooledMetric);
        if (round >= 3) JobTasks.TryDelete(_files.CheckpointPath(round - 2));
        ReleaseMemory();
        return next;
    }

    /// <summary>The evaluations of <paramref name="evaluateRound"/> that came with the answers.</summary>
    private static Dictionary<string, SiteEvaluation> Evaluations(IReadOnlyDictionary<string, SiteAnswer> answers, int evaluateRound)
    {
        var result = new Dictionary<string, SiteEvaluation>(StringComparer.Ordinal);
        if (evaluateRound <= 0) return result;
        foreach (var (site, a) in answers)
        {
            var evaluation = a.Trained is not null ? WireJson.Read<TrainResult>(a.Document, "training result").Evaluation
                : a.Secure is not null ? WireJson.Read<MaskedTrainResult>(a.Document, "masked training result").Evaluation
                : WireJson.Read<EvaluateResult>(a.Document, "evaluation result").Evaluation;
            if (evaluation is not null) result[site] = evaluation;
        }
        return result;
    }

    private async System.Threading.Tasks.Task FinalEvaluationAsync(JobSpec job, IReadOnlyList<string> participants, ModelWeights global, string metric, CancellationToken ct)
    {
        // A notes job's final scores carry no histograms to hide: its final evaluation is the plain one.
        if (job.SecureAggregation && _function is null && await SecureFinalEvaluationAsync(job, participants, global, metric, ct).ConfigureAwait(false)) return;
        var payload = Path.Combine(_directory, "final.safetensors");
        var (bytes, sha) = Payloads.WriteFile(payload, Payloads.Pack((Payloads.Global, global)));
        var evaluations = new Dictionary<string, SiteEvaluation>(StringComparer.Ordinal);
        _server.Registry.Recheck();
        var tasks = participants.Where(_server.Registry.IsOnline).Select(site =>
        {
            var message = _tasks.NewMessage(TaskKind.Evaluate, job.Rounds + 1, _tasks.SetupJson, Deadline(job));
            message.PayloadBytes = bytes;
            message.PayloadSha256 = sha;
            message.EvaluateRound = job.Rounds;
            return new IssuedTask(site, message, payload, (outcome, _, _) =>
            {
                var evaluation = WireJson.Read<EvaluateResult>(outcome.Document, "evaluation result").Evaluation;
                _tasks.CheckEvaluation(evaluation, job.Rounds);
                lock (evaluations) evaluations[site] = evaluation;
                return System.Threading.Tasks.Task.CompletedTask;
            });
        }).ToList();
        _server.Store.UpdateJob(_jobId, message: "evaluating the final model");
        var outcomes = await _tasks.RunAsync(tasks, job.RoundTimeoutS, ct);
        ReportSetbacks(outcomes, "final evaluation");
        ReportMissingEvaluations(outcomes, evaluations, job.Rounds, "final evaluation");
        var value = PooledMetric(evaluations, metric, "final evaluation");
        _server.Store.SaveRoundRows(_jobId, EvaluationRows(job.Rounds, evaluations));
        _server.Store.UpdateJob(_jobId, metric: metric, metricValue: value);
    }

    /// <summary>
    /// The final model under secure aggregation: one secure exchange, so its score histograms reach the server only summed.
    /// False when too few sites took part; the plain evaluation then runs, without histograms, and the pooled AUROC is a mean.
    /// </summary>
    private async Task<bool> SecureFinalEvaluationAsync(JobSpec job, IReadOnlyList<string> participants, ModelWeights global, string metric, CancellationToken ct)
    {
        _server.Registry.Recheck();
        var sites = participants.Where(_server.Registry.IsOnline).ToList();
        if (sites.Count < 3) return false;
        _server.Store.UpdateJob(_jobId, message: "evaluating the final model (secure aggregation)");
        var secure = await _engine!.EvaluateSecurelyAsync(job, sites, global, job.Rounds + 1, job.Rounds, ct).ConfigureAwait(false);
        ReportSetbacks(secure.Outcomes.Where(o => !o.Value.Ok).ToDictionary(), "final evaluation");
        if (secure.Failure is { } why)
        {
            _server.Store.AddEvent(_jobId, $"final evaluation: the secure evaluation failed ({why}); evaluating without score histograms", Now());
            return false;
        }
        var evaluations = Evaluations(secure.Answers, job.Rounds);
        var summed = secure.Counts is { Length: > 0 } counts ? ScoreHistograms.FromCounts(counts, _classCount) : null;
        if (summed is not null) _files.SaveSecureSum(job.Rounds, summed);
        var value = PooledMetric(evaluations, metric, "final evaluation", summed);
        _server.Store.SaveRoundRows(_jobId, EvaluationRows(job.Rounds, evaluations));
        _server.Store.UpdateJob(_jobId, metric: metric, metricValue: value);
        return true;
    }

    private static IEnumerable<RoundSiteRow> EvaluationRows(int round, IReadOnlyDictionary<string, SiteEvaluation> evaluations) =>
        round <= 0 ? [] : evaluations.Select(p => new RoundSiteRow(round, p.Key, false, 0, null, p.Value.HoldoutRows,
            WireJson.Write(p.Value.Metrics), WireJson.Write(p.Value.Calibration),
            p.Value.ScoreHistograms is { } h ? WireJson.Write(h) : null,
            SegmentationJson: p.Value.Segmentation is { } counts ? WireJson.Write(counts) : null)).ToList();

    /// <summary>
    /// The pooled headline figure of one model: a function model's score is the mean over every site's held-out units
    /// (total over total, so exact); a table's or image model's comes from <see cref="Pool"/>.
    /// </summary>
    private double? PooledMetric(IReadOnlyDictionary<string, SiteEvaluation> evaluations, string metric, string stage, ScoreHistograms? securelySummed = null) =>
        _function is not null
            ? FunctionScore.Pool(evaluations.Values.Where(e => e.HoldoutRows > 0).Select(e => (FunctionScore?)FunctionScore.FromMean(e.Metrics[metric], e.HoldoutRows)))
            : Pool(evaluations, stage, securelySummed)?.Evaluation.Pooled.Get(metric);

    /// <summary>
    /// The pooled figures of one model; when AUROC and AUPRC cannot come from summed score histograms,
    /// a job event says why they are site means instead (never a silent change of what they mean).
    /// </summary>
    private PooledEvaluation? Pool(IReadOnlyDictionary<string, SiteEvaluation> evaluations, string stage, ScoreHistograms? securelySummed = null)
    {
        if (evaluations.Count == 0) return null;
        var pooled = SiteEvaluation.Pool(evaluations, _classCount, _rowCounts, securelySummed);
        if (pooled.Fallback.Count > 0)
            _server.Store.AddEvent(_jobId,
                $"{stage}: pooled AUROC and AUPRC are site means weighted by rows: {string.Join("; ", pooled.Fallback)}", Now());
        return pooled;
    }

    private DateTimeOffset Deadline(JobSpec job) => _server.Clock.GetUtcNow() + TimeSpan.FromSeconds(job.RoundTimeoutS);

    /// <summary>The engine's round events, as job events and log lines.</summary>
    private sealed class Events(JobRun run) : IRoundObserver
    {
        public void Starting(int round, int attempt, int training)
        {
            run._log.LogInformation("Job {Job}: round {Round} (attempt {Attempt}): {Count} sites training", run._jobId, round, attempt, training);
            run._server.Store.UpdateJob(run._jobId,
                message: $"round {round}/{run._rounds}{(attempt > 1 ? $" (attempt {attempt})" : "")}: training at {training} site{(training == 1 ? "" : "s")}");
        }

        public void Absent(int round, string site, string why) => run._server.Store.AddEvent(run._jobId, $"round {round}: {site} gets no task: {why}", run.Now());

        public void Returned(int round, string site) => run._server.Store.AddEvent(run._jobId, $"round {round}: {site} is back online and takes part again", run.Now());

        public void Setback(int round, string site, TaskOutcome outcome) =>
            run.ReportSetbacks(new Dictionary<string, TaskOutcome> { [site] = outcome }, $"round {round}");

        public void Retrying(int round, string why, int nextAttempt, int maxAttempts, IReadOnlyDictionary<string, SiteAnswer> answers)
        {
            run._server.Store.SaveRoundRows(run._jobId, EvaluationRows(round - 1, Evaluations(answers, round - 1)));
            run._server.Store.AddEvent(run._jobId, $"{why}; retrying (attempt {nextAttempt} of {maxAttempts})", run.Now());
            run._log.LogWarning("Job {Job}: {Text}; retrying", run._jobId, why);
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

    private long Now() => _server.Clock.GetUtcNow().ToUnixTimeMilliseconds();
}
