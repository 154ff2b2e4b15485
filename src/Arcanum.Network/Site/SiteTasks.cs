using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Arcanum.Core.Weights;
using Arcanum.Federated.Algorithms;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Setup;
using Arcanum.Federated.Simulation;
using Arcanum.Core.Learning;
using Arcanum.Network.Protocol;
using Arcanum.Network.Transport;

using Task = System.Threading.Tasks.Task;

namespace Arcanum.Network.Site;

/// <summary>
/// A site's answer to a task: its status, the reason when not OK, the result document and the payload writer (or null); the
/// downloaded weights, when nothing holds them once the answer is sent (the agent reads the next payload into them); and what
/// to do once it is sent (hand the trained weights back to the learner).
/// </summary>
internal readonly record struct SiteAnswer(ResultStatus Status, string Message, string Json, Action<Stream>? Payload, ModelWeights? Spare = null, Action? Sent = null);

/// <summary>
/// What a site does for each kind of task, with the same code the simulator runs (<see cref="TablePreparation"/>,
/// <see cref="SiteWorker"/>): only aggregates, weights and metrics leave; rows never do. It holds the site's per-job state
/// (<see cref="SiteJobs"/>, secure-aggregation keys, the statistics ledger) and lets a job's go when the server says it ended.
/// </summary>
internal sealed class SiteTasks(ILearner learner, IReadOnlyDictionary<string, string> datasets, SitePolicy policy, Action<string> log,
    SiteKeys? keys, string? workspace, bool shareScoreHistograms, IReadOnlyList<IJobModel> jobModels)
{
    private readonly SiteJobs _jobs = new(learner, workspace, log);
    private readonly ConcurrentQueue<string> _ended = new();
    private StatisticsQueryHandler? _statistics;
    private SecureParticipation? _secureParticipation;

    private SecureParticipation Secure => _secureParticipation ??= new SecureParticipation(keys);

    private FunctionJobs? _functionJobsHeld;

    // Built by the pull loop on first use (it needs Secure); the heartbeat loop only reads _functionJobsHeld.
    private FunctionJobs FunctionJobs => _functionJobsHeld ??= new FunctionJobs([.. jobModels.OfType<IFunctionModel>()], workspace, log, () => Secure);

    // Image-synthesis (AsynDGAN) jobs: built on first use, like FunctionJobs.
    private GanJobs? _ganJobsHeld;

    private GanJobs GanJobs => _ganJobsHeld ??= new GanJobs(jobModels, workspace, log);

    /// <summary>Jobs whose split and encoded rows are held.</summary>
    public int PreparedJobs => _jobs.Count + (_functionJobsHeld?.Ids.Count ?? 0) + (_ganJobsHeld?.Ids.Count ?? 0);

    /// <summary>The jobs this site keeps state for (safe to call from the heartbeat loop).</summary>
    public IEnumerable<string> HeldJobIds() => _jobs.Ids.Concat(_functionJobsHeld?.Ids ?? []).Concat(_ganJobsHeld?.Ids ?? []).Concat(_secureParticipation?.JobIds ?? [])
        .Distinct(StringComparer.Ordinal);

    /// <summary>Notes jobs the server said are over; their state goes at the next <see cref="ForgetEndedJobs"/>.</summary>
    public void Ended(IEnumerable<string> jobIds)
    {
        foreach (var id in jobIds) _ended.Enqueue(id);
    }

    /// <summary>Lets go of ended jobs' state; call between tasks, so no task is using it.</summary>
    public void ForgetEndedJobs()
    {
        while (_ended.TryDequeue(out var jobId))
        {
            var prepared = _jobs.Forget(jobId) | FunctionJobs.Forget(jobId) | GanJobs.Forget(jobId);
            var secure = _secureParticipation?.Forget(jobId) ?? false;
            if (prepared || secure) log($"job {jobId} is over; its rows and keys are let go");
        }
    }

    /// <summary>
    /// Does what <paramref name="task"/> asks with this site's data. A job this site will not take, or a kind it does not know,
    /// is a refused or failed answer; data that does not fit the job throws (the agent answers with the reason).
    /// </summary>
    /// <param name="task">The task as pulled.</param>
    /// <param name="siteName">This site's name as the server reads it (it seeds the split).</param>
    /// <param name="download">Fetches the task's payload (TRAIN and EVALUATE).</param>
    /// <param name="ct">Cancelled when the server abandons the task or the site stops.</param>
    public async Task<SiteAnswer> DoAsync(Protocol.Task task, string siteName, Func<Protocol.Task, CancellationToken, Task<ModelWeights>> download,
        CancellationToken ct)
    {
        if (task.Kind == TaskKind.QueryStatistics)
        {
            _statistics ??= new StatisticsQueryHandler(policy, workspace, log);
            var (status, message, json) = _statistics.Answer(task, siteName, datasets, p => _jobs.Table(p));
            return new SiteAnswer(status, message, json, null);
        }
        if (task.Kind == TaskKind.QueryCounts)
        {
            var (status, message, json) = CountsQueryHandler.Answer(task, datasets, policy, log);
            return new SiteAnswer(status, message, json, null);
        }
        var job = JobSpec.Parse(task.JobJson, "The job from the server");
        if (Refusal(job) is { } why) return new SiteAnswer(ResultStatus.Refused, why, "", null);
        if (!datasets.TryGetValue(job.Data, out var path))
            return new SiteAnswer(ResultStatus.Refused, $"this site has no dataset '{job.Data}' (it has {string.Join(", ", datasets.Keys)})", "", null);
        if (job.IsNotes && task.Kind != TaskKind.SecureStep) return await FunctionJobs.DoAsync(task, job, path, siteName, download, ct).ConfigureAwait(false);
        if (job.IsImageSynthesis) return await GanJobs.DoAsync(task, job, path, siteName, download, ct).ConfigureAwait(false);

        switch (task.Kind)
        {
            case TaskKind.Describe:
            {
                var d = TablePreparation.Describe(_jobs.Table(path), job, job.Data);
                log($"job {task.JobId}: described {d.Rows} rows, {d.Features.Count} feature columns");
                return new SiteAnswer(ResultStatus.Ok, "", WireJson.Write(new DescribeResult(d.Rows, d.TargetValues, d.Features, d.Columns)), null);
            }
            case TaskKind.Statistics when job.IsSegmentation:
            {
                var (train, holdout) = _jobs.ImageSplit(job, path, siteName);
                log($"job {task.JobId}: {train.Count} training images, {holdout.Count} held out (whole patients)");
                var classes = ImagePreparation.ClassNames.Count;
                var result = new StatisticsResult(train.Count, holdout.Count, CountByClass(train.Labels, classes), null, CountByClass(holdout.Labels, classes),
                    ImagePreparation.Sums(train));
                return new SiteAnswer(ResultStatus.Ok, "", WireJson.Write(result), null);
            }
            case TaskKind.Statistics:
            {
                var setup = StudySetup.FromJson(task.SetupJson);
                var table = _jobs.Table(path, setup.ColumnTypes);
                TablePreparation.CheckFeatures(table, setup.Features, siteName);
                var split = TablePreparation.Split(table, job, setup.ClassNames, siteName);
                var summary = TablePreparation.Summarize(split, setup.Features, setup.ClassNames.Count);
                log($"job {task.JobId}: {summary.TrainRows} training rows, {summary.HoldoutRows} held out");
                var holdoutByClass = CountByClass(split.HoldoutLabels, setup.ClassNames.Count);
                var result = new StatisticsResult(summary.TrainRows, summary.HoldoutRows, summary.ClassCounts, JsonNode.Parse(summary.Statistics.ToJson())!, holdoutByClass);
                return new SiteAnswer(ResultStatus.Ok, "", WireJson.Write(result), null);
            }
            case TaskKind.SecureStep:
            {
                var step = SecureParticipation.Step(task) ?? throw new FormatException("A SECURE_STEP task must carry step_json.");
                var reply = Secure.Answer(task.JobId, siteName, job, step);
                log($"job {task.JobId}: round {task.Round}: secure aggregation step {step.Stage.ToString().ToLowerInvariant()} answered");
                return new SiteAnswer(ResultStatus.Ok, "", reply, null);
            }
            case TaskKind.Train:
            case TaskKind.Evaluate:
            {
                var prepared = _jobs.Prepare(task, job, path, siteName);
                var packed = await download(task, ct);
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
                    evaluation = job.IsSegmentation
                        ? SiteEvaluation.ComputeSegmentation(task.EvaluateRound, prepared.Worker.Data.Holdout, probabilities)
                        : SiteEvaluation.Compute(task.EvaluateRound, labels, probabilities, prepared.ClassCount, shareScoreHistograms && !job.SecureAggregation);
                    if (step is { Setup.CountLength: > 0 } && !job.IsSegmentation)
                        histogramCounts = SecureParticipation.HistogramCounts(step, labels, probabilities, prepared.ClassCount, shareScoreHistograms);
                }
                if (task.Kind == TaskKind.Evaluate)
                {
                    log($"job {task.JobId}: evaluated round {task.EvaluateRound}");
                    // The final evaluation (the round after the last) ends the job here: let its rows go, or a long-lived site
                    // would hold every job's data. A repeated final task prepares them again; state and ledger stay on disk.
                    if (task.Round > job.Rounds) _jobs.Forget(task.JobId);
                    if (step is null) return new SiteAnswer(ResultStatus.Ok, "", WireJson.Write(new EvaluateResult(evaluation!)), null, packed);
                    var (evaluatedJson, counts) = Secure.MaskedEvaluation(task.JobId, siteName, job, step, evaluation, histogramCounts);
                    return new SiteAnswer(ResultStatus.Ok, "", evaluatedJson, counts, packed);
                }
                if (job.SecureAggregation && step is null)
                    throw new JobSpecException("the job has secure_aggregation but its TRAIN task carries no masked_input step; this site never sends its weights in clear in such a job");
                var roundTask = new RoundTask(task.Round, global, task.ProximalMu, Payloads.Part(packed, Payloads.Control));
                var outcome = await Task.Run(() => prepared.Worker.Train(roundTask, ct), ct).ConfigureAwait(false);
                TrainingDivergedException.ThrowIfNotFinite(outcome.Result.Weights, $"at {siteName} in round {task.Round}", $"Lower \"lr\" (now {job.LearningRate}).");
                SiteJobs.Save(prepared);
                log($"job {task.JobId}: round {task.Round} trained on {outcome.Result.SampleCount} rows, " +
                     (outcome.Epsilon is { } spent ? $"ε spent {spent:F2} of {job.Dp!.Epsilon:G3}" : $"loss {outcome.TrainLoss:F4}"));
                // Once the answer is sent the downloaded arrays may be read into again and the trained ones trained into, unless
                // the result (weights or SCAFFOLD's control delta) is made of the downloaded arrays.
                var madeOfDownload = new[] { outcome.Result.Weights, outcome.Result.ControlDelta }.OfType<ModelWeights>().SelectMany(w => w.Arrays)
                    .Any(a => packed.Arrays.Any(p => ReferenceEquals(p.Data, a.Data)));
                if (step is not null)
                {
                    // Secure aggregation: only the masked update leaves, with the weight (and the score histograms) inside it.
                    var (maskedJson, masked) = Secure.MaskedTraining(task.JobId, siteName, job, step, global, outcome.Result, outcome.TrainLoss, evaluation,
                        outcome.Epsilon, histogramCounts);
                    return new SiteAnswer(ResultStatus.Ok, "", maskedJson, masked, madeOfDownload ? null : packed,
                        madeOfDownload ? null : () => prepared.Worker.Recycle(outcome.Result.Weights));
                }
                var result = new TrainResult(outcome.Result.SampleCount, outcome.Result.LocalSteps, outcome.TrainLoss, evaluation, outcome.Epsilon);
                var weights = Payloads.Pack((Payloads.Weights, outcome.Result.Weights), (Payloads.ControlDelta, outcome.Result.ControlDelta));
                return new SiteAnswer(ResultStatus.Ok, "", WireJson.Write(result), stream => SafeTensors.Write(stream, weights),
                    madeOfDownload ? null : packed, madeOfDownload ? null : () => prepared.Worker.Recycle(outcome.Result.Weights));
            }
            default:
                return new SiteAnswer(ResultStatus.Failed, $"this site does not know task kind {task.Kind}; upgrade it", "", null);
        }
    }

    private static long[] CountByClass(IReadOnlyCollection<int> labels, int classes) => [.. Enumerable.Range(0, classes).Select(c => (long)labels.Count(y => y == c))];

    /// <summary>Why this site refuses the job (its policy, or a dataset of the wrong kind), or null.</summary>
    private string? Refusal(JobSpec job)
    {
        if ((job.IsNotes && !FunctionJobs.Serves(job)) || (job.IsImageSynthesis && !GanJobs.Serves(job)))
            return $"this site cannot train {job.Task} models (its agent was started without them; arcanum site has them)";
        if (datasets.TryGetValue(job.Data, out var mapped) && !job.IsNotes)
        {
            if ((job.IsSegmentation || job.IsImageSynthesis) && !Directory.Exists(mapped))
                return $"the job {(job.IsSegmentation ? "segments" : "synthesises")} images, and this site's dataset '{job.Data}' is a table ({Path.GetFileName(mapped)}), not an image folder";
            if (!job.IsSegmentation && !job.IsImageSynthesis && Directory.Exists(mapped))
                return $"the job trains on a table, and this site's dataset '{job.Data}' is a folder (image folders take \"task\": \"segmentation\" or \"image_synthesis\", folders of notes \"task\": \"notes\")";
        }
        if (policy.AllowedAlgorithms.Count > 0 && !policy.AllowedAlgorithms.Contains(job.Algorithm, StringComparer.OrdinalIgnoreCase))
            return $"algorithm {job.Algorithm} is not allowed here (allowed: {string.Join(", ", policy.AllowedAlgorithms)})";
        if (job.MinSites < policy.MinSites)
            return $"the job aggregates as few as {job.MinSites} site(s) per round; this site requires min_sites >= {policy.MinSites}";
        if (policy.MaxRounds > 0 && job.Rounds > policy.MaxRounds)
            return $"the job runs {job.Rounds} rounds; this site allows at most {policy.MaxRounds}";
        if (policy.MaxEpsilon > 0 && job.Dp is null)
            return $"this site only takes part in jobs with differential privacy (\"dp\") of epsilon <= {policy.MaxEpsilon:G3}; the job has none";
        if (policy.MaxEpsilon > 0 && job.Dp!.Epsilon > policy.MaxEpsilon)
            return $"the job's dp epsilon {job.Dp.Epsilon:G3} exceeds this site's limit of {policy.MaxEpsilon:G3}";
        return null;
    }
}
