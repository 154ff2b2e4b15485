using Arcanum.Core.Weights;

namespace Arcanum.Core.Learning;

/// <summary>
/// Trains and evaluates models given as named arrays. Implementations are stateless between calls (apart from arrays
/// handed back with <see cref="Recycle"/>) and safe to call from several threads at once (each call builds its own
/// model), which is what lets a simulator train many sites in parallel and a site process serve many jobs.
/// </summary>
public interface ILearner
{
    /// <summary>Fresh weights for <paramref name="spec"/>, deterministic in <paramref name="seed"/>.</summary>
    ModelWeights Initialize(ModelSpec spec, int seed);

    /// <summary>Trains from <paramref name="start"/> on <paramref name="data"/> and returns new weights.</summary>
    LocalTrainingResult Train(ModelSpec spec, ModelWeights start, TensorDataset data, TrainingOptions options, LocalObjective objective, CancellationToken cancellationToken = default);

    /// <summary>
    /// Class probabilities, row-major [data.Count × spec.ClassCount]; for a segmentation model
    /// (<see cref="ModelSpec.IsSegmentation"/>) the foreground probability of every pixel, row-major
    /// [data.Count × height × width].
    /// </summary>
    float[] PredictProbabilities(ModelSpec spec, ModelWeights weights, TensorDataset data);

    /// <summary>
    /// Hands back weights that <see cref="Train"/> returned and nothing reads any more (a site's, once its answer is sent),
    /// so that a later run may write its result into their arrays instead of fresh ones. The caller must not use them
    /// afterwards. A learner may ignore it, as this default does.
    /// </summary>
    void Recycle(ModelWeights weights)
    {
    }
}
