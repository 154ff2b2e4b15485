using System.Collections.Concurrent;
using Arcanum.Core.Weights;
using Arcanum.Federated.Algorithms;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Simulation;
using Arcanum.Network.Protocol;
using Arcanum.Network.Transport;

using Task = System.Threading.Tasks.Task;

namespace Arcanum.Network.Site;

/// <summary>
/// A site's part in jobs of a function model (the note generator): the model's site object for each job (its notes, split,
/// network and optimizer state), opened once and kept for the job's rounds, and its answers to STATISTICS (note counts),
/// TRAIN (the round's local steps, with the held-out score of the previous round's model when asked) and EVALUATE. Only
/// counts, weights and held-out scores leave; notes never do.
/// </summary>
/// <remarks>
/// The optimizer state and, under dp, the privacy account live in memory for the job. A restarted site carries on without
/// the optimizer state (it says so); under dp it trains no more in the job, since it could no longer count what it had
/// spent (the marker that it trained lies in its workspace; without a workspace it takes no dp job). A TRAIN task for a
/// round the site has already trained (the server retried the round, or resumed after a restart) gets the same update
/// again (masked afresh under secure aggregation): training twice would move its optimizer and, under dp, spend ε twice. Held-out scores over fewer than
/// <see cref="MinimumHeldOutItems"/> notes are not sent: they would be one or two notes' figures.
/// </remarks>
internal sealed class FunctionJobs(IReadOnlyList<IFunctionModel> models, string? workspace, Action<string> log, Func<SecureParticipation> secure)
{
    /// <summary>The fewest held-out notes whose pooled score a site sends (with fewer it sends holdout_rows 0).</summary>
    public const int MinimumHeldOutItems = 5;

    private readonly ConcurrentDictionary<string, IFunctionModelSite> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (int Round, SiteRoundOutcome Outcome, SiteEvaluation? Evaluation)> _lastTrained = new(StringComparer.Ordinal);

    /// <summary>The jobs whose site objects are held (safe to read from another thread).</summary>
    public ICollection<string> Ids => _jobs.Keys;

    /// <summary>Whether this site can run <paramref name="job"/>'s model.</summary>
    public bool Serves(JobSpec job) => models.Any(m => m.Task == job.Task);

    /// <summary>Lets a job's site object go (it ended); whether one was held.</summary>
    public bool Forget(string jobId)
    {
        _lastTrained.TryRemove(jobId, out _);
        if (!_jobs.TryRemove(jobId, out var site)) return false;
        site.Dispose();
        return true;
    }

    public async Task<SiteAnswer> DoAsync(Protocol.Task task, JobSpec job, string path, string siteName, Func<Protocol.Task, CancellationToken, Task<ModelWeights>> download,
        CancellationToken ct)
    {
        var model = models.First(m => m.Task == job.Task);
        switch (task.Kind)
        {
            case TaskKind.Statistics:
            {
                var (train, held) = Open(task.JobId, job, model, path, siteName).Items;
                log($"job {task.JobId}: {train} training notes, {held} held out (whole notes)");
                return new SiteAnswer(ResultStatus.Ok, "", WireJson.Write(new StatisticsResult(train, held, [], null)), null);
            }
            case TaskKind.Train:
            case TaskKind.Evaluate:
            {
                var step = SecureParticipation.Step(task);
                if (task.Kind == TaskKind.Train && job.SecureAggregation && step is null)
                    throw new JobSpecException("the job has secure_aggregation but its TRAIN task carries no masked_input step; this site never sends its weights in clear in such a job");
                var site = Open(task.JobId, job, model, path, siteName);
                var packed = await download(task, ct).ConfigureAwait(false);
                var global = Payloads.Part(packed, Payloads.Global) ?? throw new InvalidDataException("The task payload has no global weights.");
                if (task.Kind == TaskKind.Train && _lastTrained.TryGetValue(task.JobId, out var last) && last.Round == task.Round)
                {
                    log($"job {task.JobId}: round {task.Round} asked again; sending the same update (training it twice would move the optimizer{(job.Dp is null ? "" : " and spend epsilon")} again)");
                    return Answer(task.JobId, siteName, job, step, global, last.Outcome, last.Evaluation);
                }
                var evaluation = task.EvaluateRound > 0
                    ? Evaluation(task.EvaluateRound, model.Metric, site.Items.HeldOut >= MinimumHeldOutItems ? site.Score(global) : null)
                    : null;
                if (task.Kind == TaskKind.Evaluate)
                {
                    log($"job {task.JobId}: evaluated round {task.EvaluateRound}");
                    if (task.Round > job.Rounds) Forget(task.JobId);   // the final evaluation ends the job here
                    return new SiteAnswer(ResultStatus.Ok, "", WireJson.Write(new EvaluateResult(evaluation!)), null);
                }
                StartTraining(task.JobId, job, site);
                var outcome = await Task.Run(() =>
                {
                    try
                    {
                        return site.Train(new RoundTask(task.Round, global, 0, null), ct);
                    }
                    catch (ArithmeticException e)
                    {
                        // The optimizer state took the diverged step: let the site object go, so a later round starts afresh
                        // (without dp; under dp the account went with it, and StartTraining refuses).
                        Forget(task.JobId);
                        throw new TrainingDivergedException($"Training diverged at {siteName} in round {task.Round}: {e.Message.Replace("--lr", "notes.lr", StringComparison.Ordinal)}");
                    }
                }, ct).ConfigureAwait(false);
                TrainingDivergedException.ThrowIfNotFinite(outcome.Result.Weights, $"at {siteName} in round {task.Round}", "Lower notes.lr.");
                log($"job {task.JobId}: round {task.Round} trained {outcome.Result.LocalSteps} steps on {outcome.Result.SampleCount} bytes of notes, " +
                    (outcome.Epsilon is { } spent ? $"ε spent {spent:F2} of {job.Dp!.Epsilon:G3}" : $"loss {outcome.TrainLoss:F4}"));
                _lastTrained[task.JobId] = (task.Round, outcome, evaluation);
                return Answer(task.JobId, siteName, job, step, global, outcome, evaluation);
            }
            default:
                return new SiteAnswer(ResultStatus.Failed, $"a {job.Task} job has no {task.Kind} task; this site answers STATISTICS, TRAIN and EVALUATE for it", "", null);
        }
    }

    /// <summary>
    /// A training answer: the weights in clear with the byte count they weigh by, or, under secure aggregation, the masked
    /// update, which weighs by the site's training KiB (rounded up, at most the round's weight limit; bytes would leave
    /// too few quantisation levels), the weight itself inside the masked sum.
    /// </summary>
    private SiteAnswer Answer(string jobId, string siteName, JobSpec job, Federated.SecureAggregation.SecureRequest? step, ModelWeights global,
        SiteRoundOutcome outcome, SiteEvaluation? evaluation)
    {
        var trained = outcome.Result;
        if (step is not null)
        {
            var kib = Math.Min((trained.SampleCount + 1023) / 1024, step.Setup.MaxWeight);
            var (json, masked) = secure().MaskedTraining(jobId, siteName, job, step, global,
                new RoundResult(trained.Site, kib, trained.Weights, null, trained.LocalSteps), outcome.TrainLoss, evaluation, outcome.Epsilon, null);
            return new SiteAnswer(ResultStatus.Ok, "", json, masked);
        }
        var result = new TrainResult(trained.SampleCount, trained.LocalSteps, outcome.TrainLoss, evaluation, outcome.Epsilon);
        var weights = Payloads.Pack((Payloads.Weights, trained.Weights));
        return new SiteAnswer(ResultStatus.Ok, "", WireJson.Write(result), stream => SafeTensors.Write(stream, weights));
    }

    /// <summary>A held-out score as the protocol carries it: the mean over holdout_rows units (0 units: no score sent).</summary>
    private static SiteEvaluation Evaluation(int round, string metric, FunctionScore? score) =>
        new(round, score?.Count ?? 0, new Dictionary<string, double> { [metric] = score is { } s ? s.Mean : 0 }, []);

    /// <summary>The job's site object, opened on its first task; data that cannot train the model is a refusal with the reason.</summary>
    private IFunctionModelSite Open(string jobId, JobSpec job, IFunctionModel model, string path, string siteName)
    {
        if (_jobs.TryGetValue(jobId, out var open)) return open;
        IFunctionModelSite site;
        try
        {
            site = model.Open(job, path, siteName);
        }
        catch (ArgumentException e)
        {
            // The model's checks speak of the command line's options; a job file names them under "notes" and "dp".
            throw new JobSpecException(e.Message.Replace("--context", "notes.context", StringComparison.Ordinal).Replace("--delta", "dp.delta", StringComparison.Ordinal)
                .Replace("--steps", "notes.local_steps", StringComparison.Ordinal).Replace("--batch-size", "notes.batch_size", StringComparison.Ordinal), e);
        }
        if (!_jobs.TryAdd(jobId, site))
        {
            site.Dispose();
            return _jobs[jobId];
        }
        log($"job {jobId}: opened {Path.GetFileName(path)} for the {job.Task} model");
        return site;
    }

    // The site object that trained in each job in this process (a dp job's privacy account lives in it).
    private readonly ConcurrentDictionary<string, IFunctionModelSite> _trainedHere = new(StringComparer.Ordinal);

    private string? MarkerPath(string jobId) => workspace is null ? null : Path.Combine(workspace, "jobs", Path.GetFileName(jobId), "function-trained");

    /// <summary>
    /// Before this process first trains in a job: a marker in the workspace says whether an earlier process of this site
    /// already did. Then it restarted mid-job, and its optimizer state (and under dp its privacy account) is gone: it says so,
    /// and under dp refuses to train on. A dp job needs the workspace to know.
    /// </summary>
    private void StartTraining(string jobId, JobSpec job, IFunctionModelSite site)
    {
        if (_trainedHere.TryGetValue(jobId, out var trained))
        {
            if (ReferenceEquals(trained, site)) return;
            // The job's site object was let go (its training diverged) and opened again: its dp account went with it.
            if (job.Dp is not null)
                throw new JobSpecException($"this site's part in job {jobId} was reset after its training diverged; its privacy account went with it, " +
                    "so it trains no more in this job (training on would spend epsilon it could no longer count)");
            _trainedHere[jobId] = site;
            return;
        }
        var marker = MarkerPath(jobId);
        if (marker is null)
        {
            if (job.Dp is not null)
                throw new JobSpecException("this site has no workspace, so it could not tell after a restart what it has spent; it takes no dp job without one (arcanum site keeps one in its kit folder)");
        }
        else if (File.Exists(marker))
        {
            if (job.Dp is not null)
                throw new JobSpecException($"this site restarted during job {jobId}, which trains with dp: the privacy account of its earlier rounds was in memory and is gone, " +
                    "so it trains no more in this job (training on would spend epsilon it could no longer count)");
            log($"job {jobId}: this site restarted during the job; it trains on without its earlier optimizer state");
        }
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(marker)!);
            File.WriteAllText(marker, "");
        }
        _trainedHere[jobId] = site;
    }
}
