using Arcanum.Core.Learning;
using Arcanum.Torch.Tests.Support;

namespace Arcanum.Torch.Tests.Training;

public sealed class SegmentationTrainingTests
{
    private readonly TorchLearner _learner = new();

    private static TrainingOptions Adam(int epochs) =>
        new() { Epochs = epochs, BatchSize = 16, LearningRate = 0.01, Optimizer = OptimizerKind.Adam, Seed = 1 };

    [Fact]
    public void Train_BrightSquaresOnNoise_SegmentsUnseenImages()
    {
        // Given a small U-Net and squares to find, judged on images it never saw
        var spec = Some.UNet(1, 32, 8, 16, 32);
        var train = Some.Squares(96, size: 32, seed: 1);
        var test = Some.Squares(32, size: 32, seed: 2);
        var start = _learner.Initialize(spec, seed: 1);
        var before = Some.Dice(_learner.PredictProbabilities(spec, start, test), test.Masks!);

        // When trained for 8 epochs, and for comparison 1
        var result = _learner.Train(spec, start, train, Adam(epochs: 8), LocalObjective.Plain);
        var firstEpoch = _learner.Train(spec, start, train, Adam(epochs: 1), LocalObjective.Plain);

        // Then it finds the squares in new images, and its last epoch's loss is well below its first's. (An absolute bound
        // on the loss was flaky: over seeds 1-25 the last epoch's loss ran from 0.20 to 0.85 while Dice stayed above 0.92;
        // the last epoch's loss was at most 0.58 times the first's.)
        var after = Some.Dice(_learner.PredictProbabilities(spec, result.Weights, test), test.Masks!);
        Assert.True(after > 0.8, $"Dice {after:F3} after training (from {before:F3})");
        Assert.True(result.MeanLoss < 0.75 * firstEpoch.MeanLoss, $"last epoch's loss {result.MeanLoss}, first epoch's {firstEpoch.MeanLoss}");
        Assert.Equal(6 * 8, result.Steps);
    }

    [Fact]
    public void PredictProbabilities_Segmentation_OneProbabilityPerPixel()
    {
        // Given
        var spec = Some.UNet(1, 16, 8, 16);
        var data = Some.Squares(5, size: 16);

        // When
        var p = _learner.PredictProbabilities(spec, _learner.Initialize(spec, seed: 1), data);

        // Then
        Assert.Equal(5 * 16 * 16, p.Length);
        Assert.All(p, v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void Train_WithAugmentation_SameSeedSameWeights()
    {
        // Given
        var spec = Some.UNet(1, 16, 8, 16);
        var data = Some.Squares(16, size: 16);
        var start = _learner.Initialize(spec, seed: 1);
        var options = Adam(epochs: 1) with { Augmentation = ImageAugmentation.Default };

        // When
        var a = _learner.Train(spec, start, data, options, LocalObjective.Plain);
        var b = _learner.Train(spec, start, data, options, LocalObjective.Plain);
        var plain = _learner.Train(spec, start, data, options with { Augmentation = null }, LocalObjective.Plain);

        // Then
        Assert.Equal(0, Some.Distance(a.Weights, b.Weights));
        Assert.True(Some.Distance(a.Weights, plain.Weights) > 0, "augmentation changed nothing");
    }

    [Fact]
    public void Train_FedProxOnTheUNet_StaysNearerTheAnchor()
    {
        // Given
        var spec = Some.UNet(1, 16, 8, 16);
        var data = Some.Squares(32, size: 16);
        var anchor = _learner.Initialize(spec, seed: 1);
        var options = new TrainingOptions { Epochs = 2, BatchSize = 8, LearningRate = 0.05, Momentum = 0, Seed = 1 };

        // When
        var free = _learner.Train(spec, anchor, data, options, LocalObjective.Plain);
        var held = _learner.Train(spec, anchor, data, options, new LocalObjective { ProximalMu = 10, ProximalAnchor = anchor });

        // Then
        Assert.True(double.IsFinite(held.MeanLoss));
        Assert.True(Some.Distance(anchor, held.Weights) < Some.Distance(anchor, free.Weights) / 2);
    }

    [Fact]
    public void Train_SampleDp_RefusesRatherThanTrainWithoutIt()
    {
        var spec = Some.UNet(1, 16, 8, 16);
        var options = Adam(1) with { SampleDp = new SampleDpSettings(NoiseMultiplier: 1, Clip: 1) };

        var e = Assert.Throws<ArgumentException>(() => Train(spec, Some.Squares(4, size: 16), options));

        Assert.Contains("not supported for segmentation yet", e.Message);
    }

    [Fact]
    public void Train_ClassWeights_ExplainsTheyDoNotApply()
    {
        var spec = Some.UNet(1, 16, 8, 16);

        var e = Assert.Throws<ArgumentException>(() => Train(spec, Some.Squares(4, size: 16), Adam(1) with { ClassWeights = [1, 3] }));

        Assert.Contains("Class weights do not apply to segmentation", e.Message);
    }

    [Fact]
    public void Train_DataWithoutMasks_AsksForThem()
    {
        var spec = Some.UNet(1, 16, 8, 16);

        var e = Assert.Throws<ArgumentException>(() => Train(spec, Some.Random(4, [1, 16, 16], classes: 2), Adam(1)));

        Assert.Contains("no masks", e.Message);
    }

    [Fact]
    public void Train_ImageSizeNotAMultipleOfThePooling_SaysWhichMultiple()
    {
        var spec = Some.UNet(1, 12, 8, 16, 24, 32);

        var e = Assert.Throws<ArgumentException>(() => Train(spec, Some.Squares(4, size: 12), Adam(1)));

        Assert.Contains("multiples of 8; got 12x12", e.Message);
    }

    [Fact]
    public void Train_AugmentationOnTables_ExplainsItNeedsImages()
    {
        var spec = Some.LogReg(features: 4);
        var options = Adam(1) with { Augmentation = ImageAugmentation.Default };

        var e = Assert.Throws<ArgumentException>(() => Train(spec, Some.SeparableBlobs(8, features: 4), options));

        Assert.Contains("needs image samples", e.Message);
    }

    private void Train(ModelSpec spec, TensorDataset data, TrainingOptions options) =>
        _learner.Train(spec, _learner.Initialize(spec, seed: 1), data, options, LocalObjective.Plain);
}
