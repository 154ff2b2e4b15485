using Arcanum.Core.Learning;
using Arcanum.Core.Weights;
using Arcanum.Federated.Algorithms;
using Arcanum.Federated.Privacy;

namespace Arcanum.Federated.Simulation;

/// <summary>
/// A site's side of a federated job: its data, its algorithm state and the learner. It receives a
/// task and returns weights and counts only; rows never leave it. The simulator runs several of
/// these in one process; a site process runs one behind the network.
/// </summary>
public sealed class SiteWorker
{
    private readonly ILearner _learner;
    private readonly ModelSpec _spec;
    private readonly TrainingOptions _options;
    private readonly IClientStrategy _client;
    private readonly int _jobSeed;

    public SiteWorker(SiteData data, ILearner learner, ModelSpec spec, TrainingOptions options, IClientStrategy client, int jobSeed,
        SiteDpLedger? privacy = null)
    {
        Privacy = privacy;
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

    /// <summary>Trains on this site's rows from the task's global weights.</summary>
    public SiteRoundOutcome Train(RoundTask task, CancellationToken cancellationToken)
    {
        Privacy?.EnsureRoomForAnotherRound(Name);
        var objective = _client.Prepare(task);
        var options = _options with { Seed = Seeds.ForSite(_jobSeed, task.Round, Name), SampleDp = Privacy?.Plan.Settings };
        var trained = _learner.Train(_spec, task.Global, Data.Train, options, objective, cancellationToken);
        if (Privacy is not null)
        {
            Privacy.Record(trained.SampleDp ?? throw new InvalidOperationException("The learner ignored the DP-SGD settings; nothing it trained is sent."));
        }
        var result = _client.Complete(task, trained, options.LearningRate, Name);
        // Under DP the loss of real rows carries no noise, so it is not reported (the learner gives NaN).
        var loss = double.IsFinite(trained.MeanLoss) ? trained.MeanLoss : (double?)null;
        return new SiteRoundOutcome(result, loss, Privacy?.Epsilon);
    }

    /// <summary>Class probabilities of <paramref name="weights"/> on this site's held-out rows.</summary>
    public float[] PredictHoldout(ModelWeights weights) => _learner.PredictProbabilities(_spec, weights, Data.Holdout);
}
