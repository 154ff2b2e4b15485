using Arcanum.Synthesis;

namespace Arcanum.Torch.Synthesis;

/// <summary>
/// CTGAN's batch and steps per epoch for a table. Given a batch size, it is used (rounded down to a whole
/// number of packs). Otherwise, without DP, the batch is about a fifth of the rows, between 50 and 500: the
/// paper's batch of 500 gives a table of 400–550 rows one step per epoch, 300 steps in all, and CTGAN there
/// was both weak and sensitive to the batch (RESULTS e); five or more steps per epoch give it 1,500 or more.
/// With DP the paper's 500 stays the expected Poisson batch: the noise is calibrated to q = batch / rows.
/// Epochs, when not given: the paper's 300, and without DP enough for <see cref="NeuralOptions.MinimumCtganSteps"/> steps, at most 600.
/// </summary>
internal sealed record CtganSchedule(int Pac, int Batch, int StepsPerEpoch, int Epochs)
{
    public const int MinimumAutoBatch = 50;
    public const int TargetStepsPerEpoch = 5;

    public static CtganSchedule For(int rows, NeuralOptions options)
    {
        var pac = options.Privacy is null ? 10 : 1;
        var wanted = options.BatchSize ?? (options.Privacy is null ? AutoBatch(rows) : NeuralOptions.DefaultBatchSize);
        var batch = Math.Max(pac, wanted - wanted % pac);
        var steps = Math.Max(rows / batch, 1);
        var epochs = options.Epochs ?? (options.Privacy is null
            ? Math.Clamp((NeuralOptions.MinimumCtganSteps + steps - 1) / steps, NeuralOptions.DefaultEpochs, NeuralOptions.MaximumCtganEpochs)
            : NeuralOptions.DefaultEpochs);
        return new CtganSchedule(pac, batch, steps, epochs);
    }

    /// <summary>rows / 5 rounded to a multiple of 10 (the pack), clamped to [50, 500].</summary>
    public static int AutoBatch(int rows) =>
        Math.Clamp((int)Math.Round(rows / (TargetStepsPerEpoch * 10.0)) * 10, MinimumAutoBatch, NeuralOptions.DefaultBatchSize);
}
