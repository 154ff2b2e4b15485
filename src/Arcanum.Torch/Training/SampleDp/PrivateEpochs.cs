using Arcanum.Core.Learning;
using TorchSharp;
using static TorchSharp.torch;

namespace Arcanum.Torch.Training.SampleDp;

/// <summary>
/// The local epochs of a DP-SGD run. Each epoch is K = ⌈N / batch⌉ steps; each step takes every row
/// independently with probability q = 1/K (Poisson sampling, which the accountant's amplification assumes;
/// a step may take no rows and still adds noise). Sampling and noise come from one torch generator seeded by
/// the run's seed, so the same options give the same weights and no other thread's draws interfere. That
/// generator lives on the CPU whatever the device (TorchSharp creates only CPU generators, and libtorch refuses
/// a CPU generator for a CUDA tensor): draws are made on the CPU and moved, which also makes a seed choose the
/// same rows and noise on every device.
/// </summary>
internal static class PrivateEpochs
{
    /// <summary>
    /// Trains <paramref name="model"/> in place; <paramref name="adjust"/> then adds the data-independent
    /// terms (FedProx, SCAFFOLD) to each privatised gradient before the optimizer steps.
    /// </summary>
    public static SampleDpUsage Run(ModelSpec spec, nn.Module model, Tensor x, Tensor y, Tensor? classWeights,
        IRootedOptimizer optimizer, TrainingOptions options, SampleDpSettings settings, Action adjust,
        CancellationToken cancellationToken)
    {
        var rows = checked((int)x.shape[0]);
        var perEpoch = SampleDpPlan.StepsPerEpoch(rows, options.BatchSize);
        var q = SampleDpPlan.SampleRateFor(rows, options.BatchSize);
        var traced = TracedModel.For(spec, model);
        using var generator = new Generator(unchecked((ulong)options.Seed));
        var gradient = new PrivateGradient(traced, settings, q * rows, generator);

        var steps = 0;
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            for (var k = 0; k < perEpoch; k++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var batch = NewDisposeScope();
                var picked = rand(rows, generator: generator).lt(HeldScalars.Of(q)).nonzero().reshape(-1).to(x.device);
                gradient.Apply(x.index_select(0, picked), y.index_select(0, picked), classWeights);
                adjust();
                optimizer.Step();
                steps++;
            }
        }
        return new SampleDpUsage(settings.NoiseMultiplier, q, steps, settings.Clip);
    }
}
