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

    /// <summary>The base learning rate: the rate of round 0 and step 0, which the schedules scale.</summary>
    public double LearningRate { get; init; } = 0.05;

    /// <summary>How the rate changes from round to round of a federated job (<see cref="Round"/> of <see cref="Rounds"/>).</summary>
    public LearningRateSchedule RoundSchedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>How the rate changes over the optimizer steps of one local run, starting from the round's rate.</summary>
    public LearningRateSchedule LocalSchedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>Which round (0-based) this run trains for; a site sets it from the task it was sent.</summary>
    public int Round { get; init; }

    /// <summary>The rounds the job has: the length of <see cref="RoundSchedule"/>.</summary>
    public int Rounds { get; init; } = 1;

    /// <summary>The learning rate this round starts at: <see cref="LearningRate"/> × the round schedule's factor.</summary>
    public double RoundLearningRate => LearningRate * RoundSchedule.Factor(Round, Rounds);

    /// <summary>The learning rate of step <paramref name="step"/> (0-based) of a run of <paramref name="totalSteps"/> steps.</summary>
    public double StepLearningRate(int step, int totalSteps) => RoundLearningRate * LocalSchedule.Factor(step, totalSteps);

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
        if (Rounds < 1) throw new ArgumentException($"Rounds must be at least 1; got {Rounds}.");
        if (Round < 0 || Round >= Rounds) throw new ArgumentException($"Round must be in [0, {Rounds}) (0-based, of {Rounds} rounds); got {Round}.");
        ArgumentNullException.ThrowIfNull(RoundSchedule);
        ArgumentNullException.ThrowIfNull(LocalSchedule);
        RoundSchedule.Validate();
        LocalSchedule.Validate();
        // DP-SGD samples its batches by Poisson sampling, so a run's step count is not known in advance.
        if (SampleDp is not null && !LocalSchedule.IsConstant)
            throw new ArgumentException("A within-round learning-rate schedule does not work with DP-SGD (its step count is random); use a per-round schedule.");
        SampleDp?.Validate();
        Augmentation?.Validate();
    }
}
