using Arcanum.Core.Learning;
using Arcanum.Torch.Tests.Support;

namespace Arcanum.Torch.Tests.Training;

/// <summary>
/// A site trains while its heartbeat, transfers and logs allocate on other threads, so garbage collections start
/// mid-step. TorchSharp's optimizers and operators hand libtorch temporary Scalars that such a collection can free
/// while libtorch reads them ("Expected false to be true" from Scalar::toFloat); a thread that collects without
/// pause made SGD, Adam and DP-SGD runs fail within seconds, and a U-Net's segmentation loss now and then. The trainer
/// now holds every Scalar it passes.
/// </summary>
[Collection(GcPressure.Name)]
public sealed class CollectionDuringTrainingTests
{
    private readonly TorchLearner _learner = new();

    [Theory]
    [InlineData("sgd")]
    [InlineData("adam")]
    [InlineData("dp")]
    [InlineData("fedprox")]
    [InlineData("scaffold")]
    public void Train_WhileAnotherThreadCollects_Completes(string kind)
    {
        // Given local training of each kind, and a thread that forces collections and runs finalizers over and over
        var spec = Some.LogReg(features: 4);
        var data = Some.SeparableBlobs(count: 512, features: 4);
        var start = _learner.Initialize(spec, seed: 1);
        var options = new TrainingOptions { Epochs = 40, BatchSize = 8, LearningRate = 0.05, Momentum = 0.9, Seed = 1, WeightDecay = 1e-4 };
        if (kind == "adam") options = options with { Optimizer = OptimizerKind.Adam };
        if (kind == "dp") options = options with { SampleDp = new SampleDpSettings(1, 1) };
        var objective = kind switch
        {
            "fedprox" => new LocalObjective { ProximalMu = 0.1, ProximalAnchor = start },
            "scaffold" => new LocalObjective { GradientCorrection = Some.Filled(start, 0.01f) },
            _ => LocalObjective.Plain,
        };
        var collector = new CollectingThread();

        // When it trains meanwhile
        LocalTrainingResult result;
        using (collector) result = _learner.Train(spec, start, data, options, objective);

        // Then nothing libtorch read was freed under it, and the run moved the weights
        Assert.True(Some.Distance(result.Weights, start) > 0);
        Assert.True(collector.Collections > 100, $"only {collector.Collections} collections ran during training");
    }

    [Fact]
    public void Train_SegmentationWhileAnotherThreadCollects_Completes()
    {
        // Given a small U-Net with its segmentation loss (cross-entropy + 1 − Dice), and a thread that collects over and over
        var spec = Some.UNet(1, 16, 8, 16);
        var data = Some.Squares(64, size: 16);
        var start = _learner.Initialize(spec, seed: 1);
        var options = new TrainingOptions { Epochs = 6, BatchSize = 8, LearningRate = 0.01, Optimizer = OptimizerKind.Adam, Seed = 1 };
        var collector = new CollectingThread();

        // When it trains meanwhile
        LocalTrainingResult result;
        using (collector) result = _learner.Train(spec, start, data, options, LocalObjective.Plain);

        // Then nothing libtorch read was freed under it: the loss is a number and the weights moved
        Assert.True(double.IsFinite(result.MeanLoss), $"mean loss {result.MeanLoss}");
        Assert.True(Some.Distance(result.Weights, start) > 0);
        Assert.True(collector.Collections > 100, $"only {collector.Collections} collections ran during training");
    }
}
