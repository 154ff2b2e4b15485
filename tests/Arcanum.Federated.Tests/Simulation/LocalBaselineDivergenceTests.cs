using Arcanum.Core.Learning;
using Arcanum.Core.Weights;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Simulation;
using Arcanum.Federated.Tests.Support;

namespace Arcanum.Federated.Tests.Simulation;

public sealed class LocalBaselineDivergenceTests
{
    [Fact]
    public void Run_LocalBaselineDiverges_ThrowsTrainingDivergedNamingTheSite()
    {
        // Given: a learner whose single-site (local baseline) training blows up, as --lr 100 does with an MLP
        var job = new JobSpec { Rounds = 2, LearningRate = 0.1 };
        var study = StudyBuilder.Load(job);
        var learner = new DivergesAlone(new PlainSoftmaxLearner(), study.Sites.Select(s => s.Train.Count).ToHashSet());

        // When
        var e = Assert.Throws<TrainingDivergedException>(() => new FederatedSimulator(learner, parallelism: 3).Run(job, study));

        // Then: the exception itself (not an AggregateException), saying where and what to change
        Assert.Contains("local baseline", e.Message);
        Assert.Contains("learning rate", e.Message);
    }

    /// <summary>Returns NaN weights when trained on exactly one site's training rows for the full schedule.</summary>
    private sealed class DivergesAlone(ILearner inner, HashSet<int> siteSizes) : ILearner
    {
        public ModelWeights Initialize(ModelSpec spec, int seed) => inner.Initialize(spec, seed);

        public LocalTrainingResult Train(ModelSpec spec, ModelWeights start, TensorDataset data, TrainingOptions options, LocalObjective objective, CancellationToken cancellationToken = default)
        {
            var result = inner.Train(spec, start, data, options, objective, cancellationToken);
            if (options.Epochs <= 2 || !siteSizes.Contains(data.Count)) return result;
            var nan = new ModelWeights([.. result.Weights.Arrays.Select(a => new NamedArray(a.Name, a.Shape, [.. a.Data.Select(_ => float.NaN)]))]);
            return result with { Weights = nan };
        }

        public float[] PredictProbabilities(ModelSpec spec, ModelWeights weights, TensorDataset data) => inner.PredictProbabilities(spec, weights, data);
    }
}
