using Arcanum.Core.Learning;
using Arcanum.Core.Weights;
using Arcanum.Torch;

namespace Arcanum.Network.Tests.Support;

/// <summary>The real learner (libtorch on the CPU) behind a test's recording one: every call goes through, Recycle too.</summary>
internal class ForwardingLearner : ILearner
{
    private readonly TorchLearner _inner = new("cpu");

    public ModelWeights Initialize(ModelSpec spec, int seed) => _inner.Initialize(spec, seed);

    public virtual LocalTrainingResult Train(ModelSpec spec, ModelWeights start, TensorDataset data, TrainingOptions options, LocalObjective objective,
        CancellationToken cancellationToken = default) => _inner.Train(spec, start, data, options, objective, cancellationToken);

    public virtual void Recycle(ModelWeights weights) => _inner.Recycle(weights);

    public float[] PredictProbabilities(ModelSpec spec, ModelWeights weights, TensorDataset data) => _inner.PredictProbabilities(spec, weights, data);
}
