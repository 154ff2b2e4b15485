using System.Diagnostics;
using Arcanum.Core.Learning;
using TorchSharp;

namespace Arcanum.Torch.Tests.Training;

/// <summary>Runs alone, so process memory reflects this test only.</summary>
[Collection(nameof(NativeMemoryTests))]
public sealed class NativeMemoryTests
{
    [Fact]
    public void Train_ThirtyRounds_LeaksNoTensorsAndNoMemory()
    {
        // Given a small MLP trained round after round, as a site does
        var learner = new TorchLearner();
        var spec = new ModelSpec(ModelKind.Mlp, [64], 10, [128, 64]);
        var data = Support.Some.Random(count: 512, shape: [64], classes: 10);
        var weights = learner.Initialize(spec, seed: 1);
        var options = new TrainingOptions { BatchSize = 32, LearningRate = 0.01, Seed = 1 };
        long liveAt1 = 0, liveAt5 = 0, rssAt5 = 0;

        // When
        for (var round = 1; round <= 30; round++)
        {
            var objective = new LocalObjective { ProximalMu = 0.01, ProximalAnchor = weights, GradientCorrection = weights.ZerosLike() };
            weights = learner.Train(spec, weights, data, options with { Seed = round }, objective).Weights;
            _ = learner.PredictProbabilities(spec, weights, data);
            if (round == 1) liveAt1 = LiveTensors();
            if (round == 5) (liveAt5, rssAt5) = (LiveTensors(), Rss());
        }

        // Then
        // Round 1 uploads the dataset and builds a pooled module, once; after that, rounds create
        // nothing that outlives them.
        Assert.Equal(liveAt1, liveAt5);
        Assert.Equal(liveAt1, LiveTensors());
        var growthMb = (Rss() - rssAt5) / (1024.0 * 1024);
        Assert.True(growthMb < 16, $"RSS grew by {growthMb:F1} MB from round 5 to round 30");
    }

    [Fact]
    public void Train_SampleDpThirtyRounds_LeaksNoTensorsAndNoMemory()
    {
        // Given the same site training with DP-SGD, FedProx and SCAFFOLD terms on
        var learner = new TorchLearner();
        var spec = new ModelSpec(ModelKind.Mlp, [64], 10, [128, 64]);
        var data = Support.Some.Random(count: 512, shape: [64], classes: 10);
        var weights = learner.Initialize(spec, seed: 1);
        var options = new TrainingOptions { BatchSize = 32, LearningRate = 0.01, SampleDp = new SampleDpSettings(1.0, 1.0) };
        long liveAt1 = 0, liveAt5 = 0, rssAt5 = 0;

        // When
        for (var round = 1; round <= 30; round++)
        {
            var objective = new LocalObjective { ProximalMu = 0.01, ProximalAnchor = weights, GradientCorrection = weights.ZerosLike() };
            weights = learner.Train(spec, weights, data, options with { Seed = round }, objective).Weights;
            if (round == 1) liveAt1 = LiveTensors();
            if (round == 5) (liveAt5, rssAt5) = (LiveTensors(), Rss());
        }

        // Then
        Assert.Equal(liveAt1, liveAt5);
        Assert.Equal(liveAt1, LiveTensors());
        var growthMb = (Rss() - rssAt5) / (1024.0 * 1024);
        Assert.True(growthMb < 16, $"RSS grew by {growthMb:F1} MB from round 5 to round 30");
    }

    private static long LiveTensors() => DisposeScopeManager.Statistics.ThreadTotalLiveCount;

    private static long Rss()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}
