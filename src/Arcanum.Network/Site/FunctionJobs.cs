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
/// the optimizer state (it says so); under dp it takes no further part in the job, since it could no longer count what it
/// had spent (the marker that it trained lies in its workspace).
/// </remarks>
internal sealed class FunctionJobs(IReadOnlyList<IFunctionModel> models, string? workspace, Action<string> log)
{
    private readonly ConcurrentDictionary<string, IFunctionModelSite> _jobs = new(StringComparer.Ordinal);

    /// <summary>The jobs whose site objects are held (safe to read from another thread).</summary>
    public ICollection<string> Ids => _jobs.Keys;

    /// <summary>Whether this site can run <paramref name="job"/>'s model.</summary>
    public bool Serves(JobSpec job) => models.Any(m => m.Task == job.Task);

    /// <summary>Lets a job's site object go (it ended); whether one was held.</summary>
    public bool Forget(string jobId)
    {
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
                var site = Open(task.JobId, job, model, path, siteName);
                var packed = await download(task, ct).ConfigureAwait(false);
                var global = Payloads.Part(packed, Payloads.Global) ?? throw new InvalidDataException("The task payload has no global weights.");
                var evaluation = task.EvaluateRound > 0 ? Evaluation(task.EvaluateRound, model.Metric, site.Score(global)) : null;
                if (task.Kind == TaskKind.Evaluate)
                {
                    log($"job {task.JobId}: evaluated round {task.EvaluateRound}");
                    if (task.Round > job.Rounds) Forget(task.JobId);   // the final evaluation ends the job here
                    return new SiteAnswer(ResultStatus.Ok, "", WireJson.Write(new EvaluateResult(evaluation!)), null);
                }
                if (job.Dp is not null) MarkTrained(task.JobId);
                var outcome = await Task.Run(() => site.Train(new RoundTask(task.Round, global, 0, null), ct), ct).ConfigureAwait(false);
                TrainingDivergedException.ThrowIfNotFinite(outcome.Result.Weights, $"at {siteName} in round {task.Round}", "Lower notes.lr.");
                log($"job {task.JobId}: round {task.Round} trained {outcome.Result.LocalSteps} steps on {outcome.Result.SampleCount} bytes of notes, " +
                    (outcome.Epsilon is { } spent ? $"ε spent {spent:F2} of {job.Dp!.Epsilon:G3}" : $"loss {outcome.TrainLoss:F4}"));
                var result = new TrainResult(outcome.Result.SampleCount, outcome.Result.LocalSteps, outcome.TrainLoss, evaluation, outcome.Epsilon);
                var weights = Payloads.Pack((Payloads.Weights, outcome.Result.Weights));
                return new SiteAnswer(ResultStatus.Ok, "", WireJson.Write(result), stream => SafeTensors.Write(stream, weights));
            }
            default:
                return new SiteAnswer(ResultStatus.Failed, $"a {job.Task} job has no {task.Kind} task; this site answers STATISTICS, TRAIN and EVALUATE for it", "", null);
        }
    }

    /// <summary>A held-out score as the protocol carries it: the mean over holdout_rows units (0 units: a site with nothing held out).</summary>
    private static SiteEvaluation Evaluation(int round, string metric, FunctionScore? score) =>
        new(round, score?.Count ?? 0, new Dictionary<string, double> { [metric] = score is { } s ? s.Mean : 0 }, []);

    /// <summary>The job's site object, opened on its first task; data that cannot train the model is a refusal with the reason.</summary>
    private IFunctionModelSite Open(string jobId, JobSpec job, IFunctionModel model, string path, string siteName)
    {
        if (_jobs.TryGetValue(jobId, out var open)) return open;
        if (job.Dp is not null && MarkerPath(jobId) is { } marker && File.Exists(marker))
            throw new JobSpecException($"this site restarted during job {jobId}, which trains with dp: the privacy account of its earlier rounds was in memory and is gone, " +
                "so it takes no further part (training on would spend epsilon it could no longer count)");
        IFunctionModelSite site;
        try
        {
            site = model.Open(job, path, siteName);
        }
        catch (ArgumentException e)
        {
            throw new JobSpecException(e.Message, e);
        }
        if (!_jobs.TryAdd(jobId, site))
        {
            site.Dispose();
            return _jobs[jobId];
        }
        log($"job {jobId}: opened {Path.GetFileName(path)} for the {job.Task} model");
        return site;
    }

    private string? MarkerPath(string jobId) => workspace is null ? null : Path.Combine(workspace, "jobs", Path.GetFileName(jobId), "function-trained");

    private void MarkTrained(string jobId)
    {
        if (MarkerPath(jobId) is not { } marker || File.Exists(marker)) return;
        Directory.CreateDirectory(Path.GetDirectoryName(marker)!);
        File.WriteAllText(marker, "");
    }
}
