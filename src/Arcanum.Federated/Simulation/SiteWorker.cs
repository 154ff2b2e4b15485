using System.Security.Cryptography;
using Arcanum.Core.Learning;
using Arcanum.Core.Weights;
using Arcanum.Federated.Algorithms;
using Arcanum.Federated.Engine;
using Arcanum.Federated.Privacy;
using Arcanum.Federated.SecureAggregation;

namespace Arcanum.Federated.Simulation;

/// <summary>
/// A site's side of a federated job: its data, its algorithm state and the learner. It receives a
/// task and returns weights and counts only; rows never leave it. The simulator runs several of
/// these in one process; a site process runs one behind the network.
/// </summary>
public sealed class SiteWorker : IInProcessSite
{
    private readonly ILearner _learner;
    private readonly ModelSpec _spec;
    private readonly TrainingOptions _options;
    private readonly IClientStrategy _client;
    private readonly int _jobSeed;

    public SiteWorker(SiteData data, ILearner learner, ModelSpec spec, TrainingOptions options, IClientStrategy client, int jobSeed,
        SiteDpLedger? privacy = null, SecureSite? secure = null)
    {
        Privacy = privacy;
        Secure = secure;
        Data = data;
        _learner = learner;
        _spec = spec;
        _options = options;
        _client = client;
        _jobSeed = jobSeed;
    }

    public SiteData Data { get; }

    public string Name => Data.Name;

    /// <summary>The site's DP-SGD account for this job, or null when the job has no DP.</summary>
    public SiteDpLedger? Privacy { get; }

    /// <summary>The site's side of secure aggregation, or null when the job has none.</summary>
    public SecureSite? Secure { get; }

    /// <summary>
    /// Does one piece of round work: trains (and under secure aggregation masks the update instead of
    /// sending it), or answers a secure-aggregation key step. Evaluation-only work is answered by the caller.
    /// </summary>
    public SiteAnswer Answer(SiteWork work, CancellationToken cancellationToken) => Answer(Name, Secure, work, Train, cancellationToken);

    /// <summary>
    /// Round work answered by a site that trains with <paramref name="train"/>: trains (and under secure aggregation masks
    /// the update instead of sending it), or answers a secure-aggregation key step with <paramref name="secure"/>.
    /// </summary>
    internal static SiteAnswer Answer(string name, SecureSite? secure, SiteWork work, Func<RoundTask, CancellationToken, SiteRoundOutcome> train,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (work.Kind == WorkKind.Secure)
            return new SiteAnswer(name, null, null, "", Secure: SecureOf(name, secure, work).Handle(work.Secure!));
        var outcome = train(work.Task, cancellationToken);
        if (work.Secure is { } request)
        {
            var site = SecureOf(name, secure, work);
            return new SiteAnswer(name, null, site.AddsNoise ? null : outcome.TrainLoss, "", outcome.Epsilon, site.Mask(request, work.Task.Global, outcome.Result));
        }
        return new SiteAnswer(name, outcome.Result, outcome.TrainLoss, "", outcome.Epsilon);
    }

    private static SecureSite SecureOf(string name, SecureSite? secure, SiteWork work) =>
        work.Secure is null ? throw new ArgumentException("A secure-aggregation step came without its request.")
        : secure ?? throw new SecAggException($"Site '{name}' was not set up for secure aggregation.");

    /// <summary>Trains on this site's rows from the task's global weights.</summary>
    public SiteRoundOutcome Train(RoundTask task, CancellationToken cancellationToken)
    {
        Privacy?.EnsureRoomForAnotherRound(Name);
        var objective = _client.Prepare(task);
        // Under DP the seed drives the noise and the Poisson sampling: one derived from the job's seed (which
        // job.json shows) would let anyone regenerate the noise and subtract it, so it comes from a CSPRNG.
        var seed = Privacy is null ? Seeds.ForSite(_jobSeed, task.Round, Name) : RandomNumberGenerator.GetInt32(1, int.MaxValue);
        // Rounds count from 1 on the wire; the schedule counts from 0. The site learns the round from the task,
        // so a schedule in the job reaches every site, in process and over the network alike.
        var options = _options with { Seed = seed, SampleDp = Privacy?.Plan.Settings, Round = task.Round - 1 };
        var trained = _learner.Train(_spec, task.Global, Data.Train, options, objective, cancellationToken);
        if (Privacy is not null)
        {
            Privacy.Record(trained.SampleDp ?? throw new InvalidOperationException("The learner ignored the DP-SGD settings; nothing it trained is sent."));
        }
        var result = _client.Complete(task, trained, options.RoundLearningRate, Name);
        // Under DP the loss of real rows carries no noise, so it is not reported (the learner gives NaN).
        var loss = double.IsFinite(trained.MeanLoss) ? trained.MeanLoss : (double?)null;
        return new SiteRoundOutcome(result, loss, Privacy?.Epsilon);
    }

    /// <summary>
    /// Hands a finished round's trained weights back to the learner (<see cref="ILearner.Recycle"/>) once nothing reads them
    /// any more, so the next round's training writes into their arrays: a site process calls it after its answer is sent.
    /// </summary>
    public void Recycle(ModelWeights weights) => _learner.Recycle(weights);

    /// <summary>Class probabilities of <paramref name="weights"/> on this site's held-out rows.</summary>
    public float[] PredictHoldout(ModelWeights weights) => _learner.PredictProbabilities(_spec, weights, Data.Holdout);
}
