using Arcanum.Core.Learning;
using Arcanum.Core.Privacy;
using Arcanum.Torch.Tests.Support;

namespace Arcanum.Torch.Tests.Training.SampleDp;

/// <summary>DP-SGD through the learner: what it reports for the site's accountant; that it still learns.</summary>
public sealed class SampleDpTrainingTests
{
    private readonly TorchLearner _learner = new();

    private static TrainingOptions Options(double sigma, int seed = 1) => new()
    {
        Epochs = 2, BatchSize = 32, LearningRate = 0.5, Momentum = 0, Seed = seed,
        SampleDp = new SampleDpSettings(sigma, 1.0),
    };

    [Fact]
    public void Train_WithSampleDp_ReportsSigmaRateAndSteps()
    {
        // Given 100 rows in batches of 32: an epoch is ⌈100/32⌉ = 4 Poisson steps at q = 1/4
        var spec = Some.LogReg(features: 4);
        var data = Some.SeparableBlobs(count: 100, features: 4);

        // When
        var start = _learner.Initialize(spec, 1);
        var result = _learner.Train(spec, start, data, Options(sigma: 1.1), LocalObjective.Plain);

        // Then
        Assert.Equal(new SampleDpUsage(1.1, 0.25, 8, 1.0), result.SampleDp);
        Assert.Equal(8, result.Steps);
        Assert.True(double.IsNaN(result.MeanLoss), "the loss of real rows is not noised, so it is not reported");
    }

    [Fact]
    public void Train_WithoutSampleDp_ReportsNoUsage()
    {
        // Given / When
        var spec = Some.LogReg(features: 4);
        var start = _learner.Initialize(spec, 1);
        var result = _learner.Train(spec, start, Some.SeparableBlobs(64), new TrainingOptions(), LocalObjective.Plain);

        // Then
        Assert.Null(result.SampleDp);
        Assert.False(double.IsNaN(result.MeanLoss));
    }

    [Fact]
    public void Train_WithSampleDp_SameSeedSameWeightsOtherSeedOther()
    {
        // Given
        var spec = Some.Mlp(features: 4, classes: 2, 8);
        var start = _learner.Initialize(spec, 1);
        var data = Some.SeparableBlobs(count: 80, features: 4);

        // When
        var a = _learner.Train(spec, start, data, Options(1.0, seed: 7), LocalObjective.Plain);
        var b = _learner.Train(spec, start, data, Options(1.0, seed: 7), LocalObjective.Plain);
        var c = _learner.Train(spec, start, data, Options(1.0, seed: 8), LocalObjective.Plain);

        // Then
        Assert.Equal(0, Some.Distance(a.Weights, b.Weights));
        Assert.True(Some.Distance(a.Weights, c.Weights) > 1e-3);
    }

    [Fact]
    public void Train_WithCalibratedNoise_StillSeparatesWideMarginClasses()
    {
        // Given ε = 3 over 5 rounds of 2 epochs on 400 rows
        var spec = Some.LogReg(features: 4);
        var data = Some.SeparableBlobs(count: 400, features: 4);
        var plan = SampleDpPlan.Calibrate(new SampleDpOptions(), rows: 400, batchSize: 32, epochsPerRound: 2,
            rounds: 5);
        var weights = _learner.Initialize(spec, 1);
        var accountant = new RdpAccountant();

        // When the site trains every round and records each run
        for (var round = 0; round < plan.Rounds; round++)
        {
            var options = Options(0, seed: round) with { SampleDp = plan.Settings };
            var result = _learner.Train(spec, weights, data, options, LocalObjective.Plain);
            result.SampleDp!.RecordOn(accountant);
            weights = result.Weights;
        }

        // Then it spent the job's ε (to the calibration's tolerance) and the model works
        Assert.InRange(accountant.GetEpsilon(1e-5).Epsilon, 2.99, 3.0);
        var accuracy = Some.Accuracy(_learner.PredictProbabilities(spec, weights, data), data.Labels, 2);
        Assert.True(accuracy > 0.95, $"accuracy {accuracy}");
    }

    [Fact]
    public void Usage_RecordedOnAnAccountant_SpendsWhatRdpAccountantGivesForSigmaRateAndSteps()
    {
        // Given one run's usage
        var usage = new SampleDpUsage(NoiseMultiplier: 1.1, SampleRate: 0.01, Steps: 300, Clip: 1.0);
        var accountant = new RdpAccountant();

        // When
        usage.RecordOn(accountant);

        // Then
        var expected = RdpAccountant.ComputeEpsilon(1.1, 0.01, 300, 1e-5).Epsilon;
        Assert.Equal(expected, accountant.GetEpsilon(1e-5).Epsilon, 12);
        Assert.Equal(300, accountant.Steps);
    }

    [Fact]
    public void Train_SampleDpWithoutNoise_IsRefused()
    {
        // Given σ = 0: clipping alone gives no privacy
        var spec = Some.LogReg(features: 4);
        var options = Options(0);

        // When
        var error = Assert.Throws<ArgumentException>(() =>
            _learner.Train(spec, _learner.Initialize(spec, 1), Some.SeparableBlobs(32), options, LocalObjective.Plain));

        // Then
        Assert.Contains("noise multiplier must be a positive", error.Message);
    }
}
