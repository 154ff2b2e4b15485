using Arcanum.Core.Learning;
using Arcanum.Core.Weights;
using Arcanum.Federated.Algorithms;

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

    public SiteWorker(SiteData data, ILearner learner, ModelSpec spec, TrainingOptions options, IClientStrategy client, int jobSeed)
    {
        Data = data;
        _learner = learner;
        _spec = spec;
        _options = options;
        _client = client;
        _jobSeed = jobSeed;
    }

    public SiteData Data { get; }

    public string Name => Data.Name;

    /// <summary>Trains on this site's rows from the task's global weights.</summary>
    public SiteRoundOutcome Train(RoundTask task, CancellationToken cancellationToken)
    {
        var objective = _client.Prepare(task);
        var options = _options with { Seed = Seeds.ForSite(_jobSeed, task.Round, Name) };
        var trained = _learner.Train(_spec, task.Global, Data.Train, options, objective, cancellationToken);
        var result = _client.Complete(task, trained, options.LearningRate, Name);
        return new SiteRoundOutcome(result, trained.MeanLoss);
    }

    /// <summary>Class probabilities of <paramref name="weights"/> on this site's held-out rows.</summary>
    public float[] PredictHoldout(ModelWeights weights) => _learner.PredictProbabilities(_spec, weights, Data.Holdout);
}
