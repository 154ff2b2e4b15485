using Arcanum.Core.Learning;
using Arcanum.Core.Weights;
using Arcanum.Federated.Algorithms;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Simulation;
using static Arcanum.Federated.Tests.TestWeights;

namespace Arcanum.Federated.Tests.Simulation;

/// <summary>
/// A schedule in the job reaches the site's trainer through the round number on the task: the
/// path a site takes in the simulator and behind the network alike (both build a SiteWorker from
/// <see cref="StudyModel.TrainingOptions(JobSpec, float[])"/>).
/// </summary>
public sealed class SiteWorkerScheduleTests
{
    private static readonly ModelSpec Spec = new(ModelKind.LogisticRegression, [1], 2, []);

    [Fact]
    public void Train_LastRoundOfCosineJob_TrainsAtTheDecayedRate()
    {
        // Given a 10-round job with lr 0.1 and a per-round cosine, as a site builds it from the job file
        var job = JobSpec.Parse("""{ "rounds": 10, "lr": 0.1, "lr_schedule": "cosine" }""");
        var learner = new Recording(Of([1]));
        var worker = Worker(job, learner, new FedAvgClient());

        // When the server sends round 10 (rounds count from 1 on the wire)
        worker.Train(new RoundTask(10, Of([0]), 0, null), CancellationToken.None);

        // Then the trainer ran round 9 of 10: 0.1·(1 + cos(0.9π))/2
        var options = Assert.Single(learner.Seen);
        Assert.Equal(9, options.Round);
        Assert.Equal(10, options.Rounds);
        Assert.Equal(0.0024471741852423, options.RoundLearningRate, 12);
    }

    [Fact]
    public void Train_Scaffold_DividesByTheRoundsRate()
    {
        // Given SCAFFOLD, lr 0.4 with step:1:0.5 per round; round 2 (0-based 1) trains at 0.2
        var job = JobSpec.Parse("""{ "rounds": 3, "lr": 0.4, "lr_schedule": "step:1:0.5", "algorithm": "scaffold" }""");
        var learner = new Recording(Of([0.2f]));   // two plain steps from x = 1 reach y = 0.2
        var worker = Worker(job, learner, AlgorithmRegistry.CreateClient(new AlgorithmOptions { Algorithm = "scaffold" }));

        // When
        var outcome = worker.Train(new RoundTask(2, Of([1]), 0, Of([0])), CancellationToken.None);

        // Then Δc_i = (x − y)/(K·η) − c = 0.8/(2·0.2) = 2; with the base rate 0.4 it would be 1
        Assert.Equal(2f, outcome.Result.ControlDelta!["w"].Data[0], 5);
    }

    private static SiteWorker Worker(JobSpec job, ILearner learner, IClientStrategy client)
    {
        var data = new TensorDataset([0f, 1f], [0, 1], [1], 2);
        return new SiteWorker(new SiteData("a", data, data), learner, Spec, StudyModel.TrainingOptions(job, classWeights: null), client, job.Seed);
    }

    /// <summary>Returns fixed weights after two steps and keeps the options it was given.</summary>
    private sealed class Recording(ModelWeights result) : ILearner
    {
        public List<TrainingOptions> Seen { get; } = [];

        public ModelWeights Initialize(ModelSpec spec, int seed) => result.ZerosLike();

        public LocalTrainingResult Train(ModelSpec spec, ModelWeights start, TensorDataset data, TrainingOptions options, LocalObjective objective, CancellationToken cancellationToken = default)
        {
            options.Validate();
            Seen.Add(options);
            return new LocalTrainingResult(result.Clone(), 2, data.Count, 0);
        }

        public float[] PredictProbabilities(ModelSpec spec, ModelWeights weights, TensorDataset data) => new float[data.Count * spec.ClassCount];
    }
}
