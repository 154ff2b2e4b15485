using Arcanum.Core.Weights;

namespace Arcanum.Core.Learning;

/// <summary>The outcome of one local training run: new weights and what it took to get there.</summary>
/// <param name="Weights">The trained weights (same names and shapes as the start weights).</param>
/// <param name="Steps">Optimizer steps taken (SCAFFOLD needs it).</param>
/// <param name="Samples">Training samples seen per epoch.</param>
/// <param name="MeanLoss">
/// Mean training loss over the last epoch. NaN for a DP-SGD run: the loss of real records carries no noise,
/// so publishing it would bypass the guarantee the noisy weights give.
/// </param>
public sealed record LocalTrainingResult(ModelWeights Weights, int Steps, long Samples, double MeanLoss)
{
    /// <summary>
    /// How many plain-SGD steps at the run's starting rate (<see cref="TrainingOptions.RoundLearningRate"/>)
    /// the run's displacement is worth per unit gradient: Σ_k (lr_k / lr_0)·(1 − β^k)/(1 − β) over its
    /// K steps; K for plain SGD at a constant rate. Momentum β keeps each gradient moving the weights
    /// for the rest of the run, and a within-round schedule shrinks later steps. SCAFFOLD divides the
    /// displacement by it (times lr_0) to estimate the local gradient; with K instead, sites that took
    /// many momentum steps report control variates ~1/(1 − β) times too large while sites with one
    /// step do not, and the mixture diverges under strong label skew. Null when unknown (e.g. Adam): K is used.
    /// </summary>
    public double? EffectiveSteps { get; init; }

    /// <summary>
    /// For a DP-SGD run (<see cref="TrainingOptions.SampleDp"/> set): σ, q and the steps taken, for the
    /// site's accountant (<see cref="SampleDpUsage.RecordOn"/>). Null for ordinary training.
    /// </summary>
    public SampleDpUsage? SampleDp { get; init; }
}
