using Arcanum.Core.Learning;
using Arcanum.Core.Weights;
using Arcanum.Torch.Tests.Support;

namespace Arcanum.Torch.Tests;

public sealed class TorchLearnerTests
{
    private readonly TorchLearner _learner = new();

    [Fact]
    public void Train_LogisticRegressionOnSeparableData_LearnsIt()
    {
        // Given
        var spec = Some.LogReg(features: 4);
        var data = Some.SeparableBlobs(count: 200, features: 4);
        var start = _learner.Initialize(spec, seed: 1);
        var options = new TrainingOptions { Epochs = 1, BatchSize = 16, LearningRate = 0.1, Seed = 3 };

        // When
        var first = _learner.Train(spec, start, data, options, LocalObjective.Plain);
        var later = _learner.Train(spec, first.Weights, data, options with { Epochs = 5 }, LocalObjective.Plain);
        var probabilities = _learner.PredictProbabilities(spec, later.Weights, data);

        // Then
        Assert.True(later.MeanLoss < first.MeanLoss, $"loss {first.MeanLoss} -> {later.MeanLoss}");
        Assert.True(later.MeanLoss < 0.05, $"final loss {later.MeanLoss}");
        Assert.Equal(1.0, Some.Accuracy(probabilities, data.Labels, 2));
        Assert.Equal(13 * 5, later.Steps);
        Assert.Equal(200, later.Samples);
    }

    [Fact]
    public void PredictProbabilities_RowsAreDistributions()
    {
        var spec = Some.Mlp(features: 8, classes: 3);
        var data = Some.Random(count: 1500, shape: [8], classes: 3);

        var p = _learner.PredictProbabilities(spec, _learner.Initialize(spec, 4), data);

        Assert.Equal(1500 * 3, p.Length);
        for (var i = 0; i < 1500; i++) Assert.Equal(1.0, p[i * 3] + p[i * 3 + 1] + p[i * 3 + 2], 5);
    }

    [Fact]
    public void Initialize_SameSeed_GivesBitEqualWeights()
    {
        var spec = Some.Cnn();

        var a = _learner.Initialize(spec, seed: 42);
        var b = _learner.Initialize(spec, seed: 42);
        var c = _learner.Initialize(spec, seed: 43);

        AssertBitEqual(a, b);
        Assert.NotEqual(a.Arrays[0].Data, c.Arrays[0].Data);
    }

    [Fact]
    public void Initialize_WhileOtherThreadsBuildModels_StaysDeterministic()
    {
        var spec = Some.Mlp(features: 32, classes: 4, 64);
        var expected = _learner.Initialize(spec, seed: 9);

        var results = new ModelWeights[8];
        Parallel.For(0, 16, i =>
        {
            if (i % 2 == 0) results[i / 2] = _learner.Initialize(spec, seed: 9);
            else _learner.Initialize(spec, seed: i);
        });

        foreach (var r in results) AssertBitEqual(expected, r);
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd)]
    [InlineData(OptimizerKind.Adam)]
    public void Train_SameInputs_GivesBitEqualWeights(OptimizerKind optimizer)
    {
        var spec = Some.Mlp(features: 8, classes: 3);
        var data = Some.Random(count: 100, shape: [8], classes: 3);
        var start = _learner.Initialize(spec, seed: 5);
        var options = new TrainingOptions { Epochs = 2, BatchSize = 10, Optimizer = optimizer, LearningRate = 0.01, WeightDecay = 1e-4, Seed = 11 };

        var a = _learner.Train(spec, start, data, options, LocalObjective.Plain);
        var b = _learner.Train(spec, start, data, options, LocalObjective.Plain);
        var otherShuffle = _learner.Train(spec, start, data, options with { Seed = 12 }, LocalObjective.Plain);

        AssertBitEqual(a.Weights, b.Weights);
        Assert.Equal(a.MeanLoss, b.MeanLoss);
        Assert.NotEqual(a.Weights.Arrays[0].Data, otherShuffle.Weights.Arrays[0].Data);
    }

    [Fact]
    public void Train_AfterRecycle_WritesIntoTheRecycledArraysOnce_WithTheSameValues()
    {
        // Given a run's result handed back to the learner, as a site does once its answer is sent
        var spec = Some.Mlp(features: 8, classes: 3);
        var data = Some.Random(count: 100, shape: [8], classes: 3);
        var start = _learner.Initialize(spec, seed: 5);
        var options = new TrainingOptions { Epochs = 2, BatchSize = 10, LearningRate = 0.01, Seed = 11 };
        var expected = _learner.Train(spec, start, data, options, LocalObjective.Plain).Weights;
        var recycled = _learner.Train(spec, start, data, options with { Seed = 12 }, LocalObjective.Plain).Weights;
        var arrays = recycled.Arrays.Select(a => a.Data).ToArray();
        _learner.Recycle(recycled);

        // When the next two runs train
        var into = _learner.Train(spec, start, data, options, LocalObjective.Plain).Weights;
        var after = _learner.Train(spec, start, data, options, LocalObjective.Plain).Weights;

        // Then the first writes its result into the recycled arrays, the second into fresh ones, and both hold the values
        // a run without recycling gives
        Assert.All(into.Arrays.Zip(arrays), p => Assert.Same(p.Second, p.First.Data));
        Assert.All(after.Arrays, a => Assert.DoesNotContain(arrays, r => ReferenceEquals(r, a.Data)));
        AssertBitEqual(expected, into);
        AssertBitEqual(expected, after);
    }

    [Fact]
    public void Train_AfterRecyclingAnotherModel_WritesFreshArraysWithTheRightValues()
    {
        // Given a recycled model whose first layer has another shape (and an array the new model lacks)
        var spec = Some.Mlp(features: 8, classes: 3);
        var data = Some.Random(count: 100, shape: [8], classes: 3);
        var start = _learner.Initialize(spec, seed: 5);
        var options = new TrainingOptions { Epochs = 1, BatchSize = 10, LearningRate = 0.01, Seed = 11 };
        var expected = _learner.Train(spec, start, data, options, LocalObjective.Plain).Weights;
        var other = _learner.Initialize(Some.Mlp(features: 5, classes: 3), seed: 5);
        _learner.Recycle(new ModelWeights([.. other.Arrays, new NamedArray("not.in.the.model", [2], [1f, 2f])]));

        // When a run trains
        var trained = _learner.Train(spec, start, data, options, LocalObjective.Plain).Weights;

        // Then its arrays of another shape are fresh, the ones of the same name and shape are reused, and all values are right
        Assert.NotSame(other.Arrays[0].Data, trained.Arrays[0].Data);
        Assert.Equal(expected.Arrays.Select(a => a.Name), trained.Arrays.Select(a => a.Name));
        Assert.Contains(trained.Arrays, a => other.Contains(a.Name) && ReferenceEquals(other[a.Name].Data, a.Data));
        AssertBitEqual(expected, trained);
    }

    [Fact]
    public void Train_ClassWeights_ChangeTheResult()
    {
        var spec = Some.LogReg(features: 4);
        var data = Some.SeparableBlobs(count: 40, features: 4);
        var start = _learner.Initialize(spec, seed: 1);
        var options = new TrainingOptions { BatchSize = 8, Seed = 1 };

        var plain = _learner.Train(spec, start, data, options, LocalObjective.Plain);
        var weighted = _learner.Train(spec, start, data, options with { ClassWeights = [1f, 5f] }, LocalObjective.Plain);

        Assert.True(Some.Distance(plain.Weights, weighted.Weights) > 1e-3);
    }

    [Fact]
    public void Train_Cnn_TakesStepsOnImages()
    {
        var spec = Some.Cnn(classes: 10);
        var data = Some.Random(count: 48, shape: [1, 28, 28], classes: 10);
        var start = _learner.Initialize(spec, seed: 1);

        var result = _learner.Train(spec, start, data, new TrainingOptions { BatchSize = 16, LearningRate = 0.01, Seed = 1 }, LocalObjective.Plain);

        Assert.Equal(3, result.Steps);
        Assert.True(double.IsFinite(result.MeanLoss));
        Assert.True(Some.Distance(start, result.Weights) > 0);
        start.EnsureCompatible(result.Weights);
    }

    [Fact]
    public void Train_StartWeightsOfAnotherModel_NamesTheArray()
    {
        var spec = Some.Mlp(features: 8, classes: 3, 16);
        var other = _learner.Initialize(Some.Mlp(features: 8, classes: 3, 12), seed: 1);

        var e = Assert.Throws<ArgumentException>(() =>
            _learner.Train(spec, other, Some.Random(10, [8], 3), new TrainingOptions(), LocalObjective.Plain));

        Assert.Contains("start weights", e.Message);
        Assert.Contains("'fc1.weight'", e.Message);
    }

    [Fact]
    public void Train_DataOfAnotherShape_SaysSo()
    {
        var spec = Some.LogReg(features: 4);

        var e = Assert.Throws<ArgumentException>(() =>
            _learner.Train(spec, _learner.Initialize(spec, 1), Some.Random(10, [5], 2), new TrainingOptions(), LocalObjective.Plain));

        Assert.Contains("[5]", e.Message);
        Assert.Contains("[4]", e.Message);
    }

    [Fact]
    public void Train_Cancelled_Throws()
    {
        var spec = Some.LogReg();
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.Throws<OperationCanceledException>(() =>
            _learner.Train(spec, _learner.Initialize(spec, 1), Some.SeparableBlobs(), new TrainingOptions(), LocalObjective.Plain, cts.Token));
    }

    [Fact]
    public void Train_ManySitesInParallel_EachMatchesItsSerialRun()
    {
        var spec = Some.Mlp(features: 8, classes: 3);
        var start = _learner.Initialize(spec, seed: 5);
        var sites = Enumerable.Range(0, 4).Select(i => Some.Random(64, [8], 3, seed: i)).ToArray();
        var options = new TrainingOptions { BatchSize = 8, Seed = 2 };
        var serial = sites.Select(d => _learner.Train(spec, start, d, options, LocalObjective.Plain).Weights).ToArray();

        var parallel = new ModelWeights[sites.Length];
        Parallel.For(0, sites.Length, i => parallel[i] = _learner.Train(spec, start, sites[i], options, LocalObjective.Plain).Weights);

        for (var i = 0; i < sites.Length; i++) AssertBitEqual(serial[i], parallel[i]);
    }

    internal static void AssertBitEqual(ModelWeights expected, ModelWeights actual)
    {
        expected.EnsureCompatible(actual);
        for (var i = 0; i < expected.Count; i++)
            Assert.True(expected.Arrays[i].Data.AsSpan().SequenceEqual(actual.Arrays[i].Data), $"{expected.Arrays[i].Name} differs");
    }
}
