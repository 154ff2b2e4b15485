using Arcanum.Core.Learning;
using Arcanum.Torch.Tests.Support;

namespace Arcanum.Torch.Tests.Training;

public sealed class FederatedObjectiveTests
{
    private readonly TorchLearner _learner = new();

    [Fact]
    public void Train_StrongProximalTerm_StaysNearTheAnchor()
    {
        // Given plain SGD where lr·mu = 1: each step lands at anchor − lr·(data gradient)
        var spec = Some.LogReg(features: 4);
        var data = Some.SeparableBlobs(count: 64, features: 4);
        var anchor = _learner.Initialize(spec, seed: 1);
        var options = new TrainingOptions { Epochs = 5, BatchSize = 8, LearningRate = 0.1, Momentum = 0, Seed = 1 };

        // When
        var free = _learner.Train(spec, anchor, data, options, new LocalObjective { ProximalMu = 0, ProximalAnchor = anchor });
        var held = _learner.Train(spec, anchor, data, options, new LocalObjective { ProximalMu = 10, ProximalAnchor = anchor });

        // Then
        var moved = Some.Distance(anchor, free.Weights);
        var stayed = Some.Distance(anchor, held.Weights);
        Assert.True(moved > 0.5, $"mu = 0 moved {moved}");
        Assert.True(stayed < moved / 5, $"mu = 10 moved {stayed}, mu = 0 moved {moved}");
    }

    [Fact]
    public void Train_ScaffoldCorrection_ShiftsAnSgdStepByMinusLrTimesIt()
    {
        // Given one plain SGD step on the whole batch, with and without a constant correction g
        var spec = Some.LogReg(features: 4);
        var data = Some.SeparableBlobs(count: 32, features: 4);
        var start = _learner.Initialize(spec, seed: 1);
        const float g = 0.5f;
        const double lr = 0.1;
        var options = new TrainingOptions { Epochs = 1, BatchSize = 32, LearningRate = lr, Momentum = 0, Seed = 1 };

        // When
        var plain = _learner.Train(spec, start, data, options, LocalObjective.Plain);
        var corrected = _learner.Train(spec, start, data, options, new LocalObjective { GradientCorrection = Some.Filled(start, g) });

        // Then the data gradient is the same in both, so the only difference is −lr·g everywhere
        Assert.Equal(1, corrected.Steps);
        for (var i = 0; i < start.Count; i++)
        {
            var p = plain.Weights.Arrays[i].Data;
            var c = corrected.Weights.Arrays[i].Data;
            for (var j = 0; j < p.Length; j++) Assert.Equal(-lr * g, c[j] - p[j], 5);
        }
    }

    [Fact]
    public void Train_ScaffoldCorrectionWithMomentum_MovesByLrTimesEffectiveSteps()
    {
        // Given three full-batch SGD steps with momentum 0.9, with and without a constant correction g
        var spec = Some.LogReg(features: 4);
        var data = Some.SeparableBlobs(count: 32, features: 4);
        var start = _learner.Initialize(spec, seed: 1);
        const float g = 0.5f;
        const double lr = 0.01;
        var options = new TrainingOptions { Epochs = 3, BatchSize = 32, LearningRate = lr, Momentum = 0.9, Seed = 1 };

        // When
        var plain = _learner.Train(spec, start, data, options, LocalObjective.Plain);
        var corrected = _learner.Train(spec, start, data, options, new LocalObjective { GradientCorrection = Some.Filled(start, g) });

        // Then momentum carries each step's correction on: 1 + 1.9 + 2.71 = 5.61 steps' worth,
        // which is the effective step count the run reports for SCAFFOLD
        Assert.Equal(5.61, corrected.EffectiveSteps!.Value, 6);
        for (var i = 0; i < start.Count; i++)
        {
            var p = plain.Weights.Arrays[i].Data;
            var c = corrected.Weights.Arrays[i].Data;
            for (var j = 0; j < p.Length; j++) Assert.InRange(c[j] - p[j], -5.61 * lr * g - 0.003, -5.61 * lr * g + 0.003);
        }
    }

    [Fact]
    public void Train_ScaffoldCorrection_OfAnotherModel_NamesIt()
    {
        var spec = Some.LogReg(features: 4);
        var start = _learner.Initialize(spec, seed: 1);
        var wrong = _learner.Initialize(Some.LogReg(features: 3), seed: 1);

        var e = Assert.Throws<ArgumentException>(() => _learner.Train(spec, start, Some.SeparableBlobs(), new TrainingOptions(),
            new LocalObjective { GradientCorrection = wrong }));

        Assert.Contains("gradient correction", e.Message);
        Assert.Contains("'fc.weight'", e.Message);
    }

    [Fact]
    public void Train_ProximalWithoutAnchor_Throws()
    {
        var spec = Some.LogReg(features: 4);

        var e = Assert.Throws<ArgumentException>(() => _learner.Train(spec, _learner.Initialize(spec, 1), Some.SeparableBlobs(), new TrainingOptions(),
            new LocalObjective { ProximalMu = 0.1 }));

        Assert.Contains("anchor", e.Message);
    }
}
