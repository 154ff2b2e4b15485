namespace Arcanum.Core.Learning;

/// <summary>The local optimizers a site can use.</summary>
public enum OptimizerKind
{
    /// <summary>Stochastic gradient descent with (optional) momentum.</summary>
    Sgd,

    /// <summary>Adam.</summary>
    Adam,
}

/// <summary>
/// How one local training run goes. <see cref="Seed"/> drives batch shuffling, so the same options
/// and the same start weights give the same result.
/// </summary>
public sealed record TrainingOptions
{
    public int Epochs { get; init; } = 1;

    public int BatchSize { get; init; } = 32;

    public double LearningRate { get; init; } = 0.05;

    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Sgd;

    /// <summary>SGD momentum (ignored by Adam).</summary>
    public double Momentum { get; init; } = 0.9;

    public double WeightDecay { get; init; }

    /// <summary>Per-class loss weights (length = class count), or null for unweighted.</summary>
    public float[]? ClassWeights { get; init; }

    public int Seed { get; init; }

    /// <summary>
    /// When set, training is DP-SGD: Poisson-sampled batches, per-record gradients clipped and noised (see
    /// <see cref="SampleDpPlan"/>). The run reports what it spent in <see cref="LocalTrainingResult.SampleDp"/>.
    /// </summary>
    public SampleDpSettings? SampleDp { get; init; }

    /// <summary>Random flips, rotations and intensity changes of image batches (masks follow), or null for none.</summary>
    public ImageAugmentation? Augmentation { get; init; }

    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentException($"Local epochs must be at least 1; got {Epochs}.");
        if (BatchSize < 1) throw new ArgumentException($"Batch size must be at least 1; got {BatchSize}.");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new ArgumentException($"Learning rate must be a positive number; got {LearningRate}.");
        if (Momentum is < 0 or >= 1) throw new ArgumentException($"Momentum must be in [0, 1); got {Momentum}.");
        if (WeightDecay < 0) throw new ArgumentException($"Weight decay must be non-negative; got {WeightDecay}.");
        if (ClassWeights is { } w && w.Any(x => !(x > 0) || float.IsInfinity(x)))
            throw new ArgumentException("Class weights must be positive numbers.");
        SampleDp?.Validate();
        Augmentation?.Validate();
    }
}
