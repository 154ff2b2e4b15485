using System.Runtime.CompilerServices;
using Arcanum.Core.Weights;
using Arcanum.Federated.Algorithms;
using Arcanum.Federated.Engine;
using Arcanum.Federated.SecureAggregation;
using Arcanum.Network.Protocol;
using Arcanum.Network.Transport;

namespace Arcanum.Network.Server;

/// <summary>
/// The gRPC transport of one job: tasks go on the board for sites to pull, a round's weights are
/// spooled once to a payload file every site downloads, and answers are checked against the
/// protocol and folded one at a time from one reused buffer, so the server holds one extra model
/// (two with SCAFFOLD's control variates) however many sites answer. Under secure aggregation the
/// key steps go out as SECURE_STEP tasks and the masked-input step rides on the TRAIN task (its
/// request in step_json); a masked update is summed piece by piece from its spooled file.
/// </summary>
internal sealed class JobTasks(ServerContext server, string jobId, string directory) : IFederationTransport
{
    private readonly SemaphoreSlim _fold = new(1);

    /// <summary>
    /// The buffer every upload is read into, one at a time under <see cref="_fold"/>. The engine
    /// folds an answer's weights into its running sums while <c>accept</c> runs and afterwards keeps
    /// the answer only for its counts and losses, so one buffer serves the whole job: without it the
    /// server allocated a model per upload and the round's answers held all of them until the round
    /// ended (7-14 models above idle in bench d). A network answer's weights are therefore valid
    /// only while <c>accept</c> runs.
    /// </summary>
    private ModelWeights? _upload;

    private readonly List<IssuedTask> _open = [];
    private readonly ConditionalWeakTable<RoundTask, Payload> _payloads = new();
    private string? _specJson;
    private int _payloadCount;

    /// <summary>The study's setup, sent with every round task (set once setup is done).</summary>
    public string SetupJson { get; set; } = "";

    /// <summary>The job's DP epsilon (null without "dp"): every training answer must then say what its site has spent, within it.</summary>
    public double? DpEpsilon { get; set; }

    /// <summary>
    /// Whether the job has secure aggregation: no answer may then carry a site's score histograms in clear, and with client-level DP
    /// none its training loss (the loss of its rows carries no noise).
    /// </summary>
    public (bool Secure, bool ClientDp) Protection { get; set; }

    /// <summary>Whether the job segments images: its evaluations then carry segmentation counts (see <see cref="CheckEvaluation"/>).</summary>
    public bool Segmentation { get; set; }

    /// <summary>A function-model job's held-out score (bits_per_byte): its evaluations carry that one figure, null for other jobs.</summary>
    public string? ScoreMetric { get; set; }

    public ISiteLiveness Liveness => server.Registry;

    public TimeProvider Clock => server.Clock;

    /// <summary>A site gets one heartbeat timeout to show up: after a server restart every site is briefly unknown.</summary>
    public TimeSpan Grace => server.Registry.HeartbeatTimeout;

    public Protocol.Task NewMessage(TaskKind kind, int round, string setupJson, DateTimeOffset deadline) => new()
    {
        TaskId = Guid.NewGuid().ToString("N"),
        JobId = jobId,
        Kind = kind,
        Round = round,
        JobJson = _specJson ??= server.Store.GetJob(jobId)!.SpecJson,
        SetupJson = setupJson,
        DeadlineUnixMs = deadline.ToUnixTimeMilliseconds(),
    };

    /// <summary>Puts <paramref name="task"/> on the board for its site to pull.</summary>
    public void Issue(IssuedTask task)
    {
        lock (_open) _open.Add(task);
        server.Board.Issue(task);
    }

    /// <summary>Issues <paramref name="tasks"/> and waits until each has ended (setup and the final evaluation).</summary>
    public async Task<IReadOnlyDictionary<string, TaskOutcome>> RunAsync(IReadOnlyList<IssuedTask> tasks, int timeoutS, CancellationToken ct)
    {
        foreach (var t in tasks) Issue(t);
        try
        {
            return await TaskExchange.WaitAsync(tasks, Liveness, Clock, Grace, $"no answer within round_timeout_s ({timeoutS} s)", ct).ConfigureAwait(false);
        }
        finally
        {
            Finish(tasks);
        }
    }

    public PendingTask Send(SiteWork work, Func<SiteAnswer, CancellationToken, System.Threading.Tasks.Task> accept)
    {
        var kind = work.Kind switch
        {
            WorkKind.Train => TaskKind.Train,
            WorkKind.Evaluate => TaskKind.Evaluate,
            WorkKind.Secure => TaskKind.SecureStep,
            _ => throw new ArgumentOutOfRangeException(nameof(work), work.Kind, "The gRPC transport has no task kind for this work."),
        };
        var message = NewMessage(kind, work.Task.Round, SetupJson, work.Deadline);
        if (work.Secure is { } step) message.StepJson = WireJson.Write(step);
        string? path = null;
        if (kind != TaskKind.SecureStep)
        {
            var payload = PayloadOf(work.Task);
            (path, message.PayloadBytes, message.PayloadSha256) = (payload.Path, payload.Bytes, payload.Sha256);
            message.ProximalMu = work.Task.ProximalMu;
            message.EvaluateRound = work.EvaluateRound;
        }
        var task = new IssuedTask(work.Site, message, path, (outcome, file, ct) => AcceptAsync(work, outcome, file, accept, ct));
        Issue(task);
        return task;
    }

    public void Finish(IReadOnlyList<PendingTask> tasks)
    {
        foreach (var t in tasks) t.TryClose("the round is over");
        var issued = tasks.OfType<IssuedTask>().ToList();
        lock (_open) _open.RemoveAll(issued.Contains);
        foreach (var path in issued.Select(t => t.PayloadPath).OfType<string>().Distinct()) TryDelete(path);
        _ = ForgetLaterAsync(issued);
    }

    /// <summary>Closes every open task (the job stopped).</summary>
    public void CloseAll()
    {
        lock (_open)
        {
            foreach (var t in _open) t.TryClose("the job stopped");
        }
    }

    /// <summary>A round answer, checked and turned into the engine's terms; throwing refuses it (the site hears why).</summary>
    private async System.Threading.Tasks.Task AcceptAsync(SiteWork work, TaskOutcome outcome, string? file, Func<SiteAnswer, CancellationToken, System.Threading.Tasks.Task> accept,
        CancellationToken ct)
    {
        if (work.Kind == WorkKind.Secure)
        {
            var reply = WireJson.Read<SecureReply>(outcome.Document, "secure-aggregation reply");
            await accept(new SiteAnswer(work.Site, null, null, outcome.Document, Secure: reply), ct).ConfigureAwait(false);
            return;
        }
        if (work.Secure is { } step)
        {
            await AcceptMaskedAsync(work, step, outcome, file, accept, ct).ConfigureAwait(false);
            return;
        }
        if (work.Kind == WorkKind.Evaluate)
        {
            var evaluated = WireJson.Read<EvaluateResult>(outcome.Document, "evaluation result").Evaluation;
            CheckEvaluation(evaluated, work.EvaluateRound);
            CheckNoHistograms(evaluated);
            await accept(new SiteAnswer(work.Site, null, 0, outcome.Document), ct).ConfigureAwait(false);
            return;
        }
        var trained = WireJson.Read<TrainResult>(outcome.Document, "training result");
        if (trained.Samples <= 0) throw new FormatException("The training result reports no samples.");
        if (file is null) throw new FormatException("A training result must carry the trained weights.");
        CheckEvaluation(trained.Evaluation, work.EvaluateRound);
        CheckPrivacy(trained.TrainLoss, trained.Epsilon);
        await _fold.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            bool onlyWeights;
            await using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
                onlyWeights = SpooledWeights.HoldsOnlyWeights(SafeTensorsReader.Open(stream));
            // Weights alone can be folded piece by piece from the file; with SCAFFOLD's control delta the upload is read whole.
            RoundResult result;
            if (onlyWeights)
            {
                result = new RoundResult(work.Site, trained.Samples, new SpooledWeights(file, path => Weights(ReadUpload(path))), trained.Steps);
            }
            else
            {
                var packed = ReadUpload(file);
                result = new RoundResult(work.Site, trained.Samples, Weights(packed), Payloads.Part(packed, Payloads.ControlDelta), trained.Steps);
                if (result.ControlDelta is { } delta) SpooledWeights.EnsureFinite(delta);
            }
            await accept(new SiteAnswer(work.Site, result, trained.TrainLoss, outcome.Document, trained.Epsilon), ct).ConfigureAwait(false);
        }
        finally
        {
            _fold.Release();
        }
    }

    /// <summary>The whole upload, read into the job's one reused buffer (valid until the next upload is read).</summary>
    private ModelWeights ReadUpload(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return _upload = SafeTensorsReader.Open(stream).ReadAll(_upload);
    }

    private static ModelWeights Weights(ModelWeights packed)
    {
        var weights = Payloads.Part(packed, Payloads.Weights) ?? throw new FormatException("The result payload has no 'weights/' arrays.");
        SpooledWeights.EnsureFinite(weights);
        return weights;
    }

    /// <summary>
    /// A training (or, for the final model, evaluation) answer under secure aggregation: the masked update and counts, summed
    /// piece by piece from the spooled upload, so the server holds no copy of it.
    /// </summary>
    private async System.Threading.Tasks.Task AcceptMaskedAsync(SiteWork work, SecureRequest step, TaskOutcome outcome, string? file,
        Func<SiteAnswer, CancellationToken, System.Threading.Tasks.Task> accept, CancellationToken ct)
    {
        var trained = WireJson.Read<MaskedTrainResult>(outcome.Document, "masked training result");
        if (file is null) throw new FormatException("A masked training result must carry the masked update.");
        CheckEvaluation(trained.Evaluation, work.EvaluateRound);
        CheckNoHistograms(trained.Evaluation);
        if (Protection.ClientDp && trained.TrainLoss is not null)
            throw new FormatException("$.train_loss: the job has client_dp under secure aggregation; a site must not send its training loss, which carries no noise.");
        if (work.Kind == WorkKind.Train) CheckPrivacy(trained.TrainLoss, trained.Epsilon, lossWithheld: Protection.ClientDp);
        else if (trained.Evaluation is null || trained.TrainLoss is not null || trained.Epsilon is not null)
            throw new FormatException("A masked evaluation carries its evaluation and nothing of training.");
        var input = new SpooledMaskedInput(trained.SiteId, step.Setup.VectorLength + 1 + step.Setup.CountLength, file);
        input.CheckHeader();
        // One upload at a time: the engine sums it under its round's lock while reading it from the file.
        await _fold.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var reply = new SecureReply(Masked: input);
            await accept(new SiteAnswer(work.Site, null, trained.TrainLoss, outcome.Document, trained.Epsilon, reply), ct).ConfigureAwait(false);
        }
        finally
        {
            _fold.Release();
        }
    }

    /// <summary>Under secure aggregation score histograms reach the server only inside the masked sum.</summary>
    private void CheckNoHistograms(SiteEvaluation? evaluation)
    {
        if (Protection.Secure && evaluation?.ScoreHistograms is not null)
            throw new FormatException("$.evaluation.score_histograms: the job has secure_aggregation; histograms go into the masked sum, never in clear.");
    }

    /// <summary>
    /// Checks an evaluation that came with an answer: of the round asked for, and of the job's kind (a segmentation job's
    /// carries its counts, a table job's none, a notes job's its one score), so one site's mismatched evaluation is refused on receipt, not left to fail
    /// the pooling of everyone's.
    /// </summary>
    /// <exception cref="FormatException">Another round, or the other kind of evaluation.</exception>
    public void CheckEvaluation(SiteEvaluation? evaluation, int evaluateRound)
    {
        CheckRound(evaluation, evaluateRound);
        if (evaluation is null) return;
        if (ScoreMetric is { } metric)
        {
            if (evaluation.Segmentation is not null || evaluation.Calibration.Count > 0 || evaluation.ScoreHistograms is not null
                || evaluation.Metrics.Count != 1 || !evaluation.Metrics.TryGetValue(metric, out var value))
                throw new FormatException($"$.evaluation: the job trains a note generator; its evaluation has {metric} alone (over holdout_rows held-out tokens), calibration [] and nothing else.");
            if (evaluation.HoldoutRows > 0 && !(double.IsFinite(value) && value >= 0))
                throw new FormatException($"$.evaluation.metrics.{metric}: must be a non-negative number (got {value}).");
            return;
        }
        if (!Segmentation && (!Core.Metrics.ClassificationMetrics.Names.All(evaluation.Metrics.ContainsKey) || evaluation.Metrics.Count != Core.Metrics.ClassificationMetrics.Names.Count))
            throw new FormatException($"$.evaluation.metrics: the job classifies table rows; its evaluation has the seven classification metrics ({string.Join(", ", Core.Metrics.ClassificationMetrics.Names)}) and nothing else.");
        if (Segmentation && evaluation.Segmentation is null)
            throw new FormatException("$.evaluation: the job segments images; its evaluation needs dice, hd95, pixel_dice and the `segmentation` counts.");
        if (!Segmentation && evaluation.Segmentation is not null)
            throw new FormatException("$.evaluation.segmentation: the job classifies table rows; a segmentation evaluation does not belong to it.");
    }

    /// <summary>An evaluation must be of the round that was asked for.</summary>
    private static void CheckRound(SiteEvaluation? evaluation, int evaluateRound)
    {
        if (evaluateRound > 0 && evaluation is not null && evaluation.Round != evaluateRound)
            throw new FormatException($"The evaluation is of round {evaluation.Round}; round {evaluateRound} was asked for.");
    }

    /// <summary>
    /// Without DP a training answer carries its loss. Under DP it must not (the loss of real rows carries no
    /// noise), and a site that does not account for its spend, or spent more than the job allows, does not count.
    /// </summary>
    private void CheckPrivacy(double? trainLoss, double? epsilon, bool lossWithheld = false)
    {
        if (DpEpsilon is not { } allowed)
        {
            if (trainLoss is null && !lossWithheld) throw new FormatException("$: lacks the required field 'train_loss' (required when the job has no \"dp\").");
            return;
        }
        if (trainLoss is not null)
            throw new FormatException("$.train_loss: the job has \"dp\"; a site must not send its training loss, which carries no noise.");
        if (epsilon is not { } spent)
            throw new FormatException("$.epsilon: the job has \"dp\", so a training result must say what epsilon the site has spent; a site that does not run DP-SGD cannot take part.");
        if (spent > allowed + 0.01)
            throw new FormatException($"$.epsilon: the site reports having spent {spent:F2}, more than the job's dp epsilon {allowed:G3}.");
    }

    private sealed record Payload(string Path, long Bytes, string Sha256);

    /// <summary>The round's weights, written once however many sites the task goes to.</summary>
    private Payload PayloadOf(RoundTask task) => _payloads.GetValue(task, t =>
    {
        var path = System.IO.Path.Combine(directory, $"task-{t.Round}-{Interlocked.Increment(ref _payloadCount)}.safetensors");
        var (bytes, sha) = Payloads.WriteFile(path, Payloads.Pack((Payloads.Global, t.Global), (Payloads.Control, t.ServerControl)));
        return new Payload(path, bytes, sha);
    });

    /// <summary>Closed tasks stay known for a while so heartbeats can tell their sites to stop; then they go.</summary>
    private async System.Threading.Tasks.Task ForgetLaterAsync(IReadOnlyList<IssuedTask> tasks)
    {
        await System.Threading.Tasks.Task.Delay(server.Registry.HeartbeatTimeout * 2, server.Clock).ConfigureAwait(false);
        server.Board.Remove(tasks);
    }

    public static void TryDelete(string path)
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
