using Arcanum.Core.Learning;
using Arcanum.Torch.Tests.Support;

namespace Arcanum.Torch.Tests.Training;

/// <summary>The trainer steps at the rate the schedules give, and tells SCAFFOLD how far that moved it.</summary>
public sealed class ScheduledTrainingTests
{
    private readonly TorchLearner _learner = new();

    [Fact]
    public void Train_LastRoundOfCosine_StepsAtTheDecayedRate()
    {
        // Given round 9 of 10 under a per-round cosine from lr 0.1, and the same run at the rate that gives by hand
        var spec = Some.LogReg(features: 4);
        var data = Some.SeparableBlobs(count: 64, features: 4);
        var start = _learner.Initialize(spec, seed: 1);
        var scheduled = new TrainingOptions
        {
            Epochs = 2, BatchSize = 16, LearningRate = 0.1, Momentum = 0.9, Seed = 1,
            RoundSchedule = LearningRateSchedule.Parse("cosine"), Rounds = 10, Round = 9,
        };
        var byHand = scheduled with { RoundSchedule = LearningRateSchedule.Constant, Round = 0, LearningRate = 0.1 * 0.024471741852423 };

        // When
        var a = _learner.Train(spec, start, data, scheduled, LocalObjective.Plain);
        var b = _learner.Train(spec, start, data, byHand, LocalObjective.Plain);
        var full = _learner.Train(spec, start, data, scheduled with { RoundSchedule = LearningRateSchedule.Constant }, LocalObjective.Plain);

        // Then the scheduled run is the hand-computed one, and far from a run at the base rate
        Assert.True(Some.Distance(a.Weights, b.Weights) < 1e-6, $"scheduled vs by hand: {Some.Distance(a.Weights, b.Weights)}");
        Assert.True(Some.Distance(a.Weights, full.Weights) > 10 * Some.Distance(a.Weights, start), "the base rate should move the weights much further");
    }

    [Fact]
    public void Train_LocalStepSchedule_CorrectionMovesBySumOfScheduledSteps()
    {
        // Given three full-batch SGD steps with momentum 0.9 at lr 0.01, halved every step, with and without a correction g
        var spec = Some.LogReg(features: 4);
        var data = Some.SeparableBlobs(count: 32, features: 4);
        var start = _learner.Initialize(spec, seed: 1);
        const float g = 0.5f;
        const double lr = 0.01;
        var options = new TrainingOptions { Epochs = 3, BatchSize = 32, LearningRate = lr, Momentum = 0.9, Seed = 1, LocalSchedule = LearningRateSchedule.Parse("step:1:0.5") };

        // When
        var plain = _learner.Train(spec, start, data, options, LocalObjective.Plain);
        var corrected = _learner.Train(spec, start, data, options, new LocalObjective { GradientCorrection = Some.Filled(start, g) });

        // Then step k moves the correction by lr_k·(1 − 0.9^k)/0.1: 1·1 + 0.5·1.9 + 0.25·2.71 = 2.6275 steps at lr 0.01,
        // which is what the run reports for SCAFFOLD (5.61 at a constant rate)
        Assert.Equal(2.6275, corrected.EffectiveSteps!.Value, 9);
        for (var i = 0; i < start.Count; i++)
        {
            var p = plain.Weights.Arrays[i].Data;
            var c = corrected.Weights.Arrays[i].Data;
            for (var j = 0; j < p.Length; j++) Assert.InRange(c[j] - p[j], -2.6275 * lr * g - 0.002, -2.6275 * lr * g + 0.002);
        }
    }
}
