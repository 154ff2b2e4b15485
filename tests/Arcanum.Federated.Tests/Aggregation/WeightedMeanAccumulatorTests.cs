using Arcanum.Core.Weights;
using Arcanum.Federated.Aggregation;
using static Arcanum.Federated.Tests.TestWeights;

namespace Arcanum.Federated.Tests.Aggregation;

public sealed class WeightedMeanAccumulatorTests
{
    [Fact]
    public void Result_TwoWeightedUpdates_ReturnsWeightedMean()
    {
        // Given weights 1 and 3
        var accumulator = new WeightedMeanAccumulator(Of([0, 0, 0], [0, 0]));
        accumulator.Add(Of([1, 2, 3], [0, 4]), 1);
        accumulator.Add(Of([5, 6, 7], [4, 0]), 3);

        // When
        var mean = accumulator.Result();

        // Then (1·[1,2,3] + 3·[5,6,7]) / 4 = [16,20,24]/4 and (1·[0,4] + 3·[4,0]) / 4 = [12,4]/4
        AssertValues(mean, [4, 5, 6], [3, 1]);
        Assert.Equal(2, accumulator.Count);
        Assert.Equal(4, accumulator.TotalWeight);
    }

    [Fact]
    public void Result_AddDifference_ReturnsWeightedMeanDifference()
    {
        // Given a reference x = [1, 1] and updates [3, 1] (weight 1) and [1, 5] (weight 3)
        var reference = Of([1, 1]);
        var accumulator = new WeightedMeanAccumulator(reference);
        accumulator.AddDifference(Of([3, 1]), reference, 1);
        accumulator.AddDifference(Of([1, 5]), reference, 3);

        // When
        var delta = accumulator.Result();

        // Then (1·[2,0] + 3·[0,4]) / 4 = [0.5, 3]
        AssertValues(delta, [0.5f, 3]);
    }

    [Fact]
    public void Result_ManyUpdatesInAnyOrder_MatchesDoublePrecisionBatchMean()
    {
        // Given 5 updates of 37 values (vector lanes plus a scalar tail) with weights 1..5
        var random = new Random(7);
        var updates = Enumerable.Range(0, 5).Select(_ => Of([.. Enumerable.Range(0, 37).Select(_ => (float)random.NextDouble() * 4 - 2)])).ToList();
        double[] expected = new double[37];
        for (var k = 0; k < 5; k++)
        {
            for (var j = 0; j < 37; j++) expected[j] += (k + 1) * (double)updates[k].Arrays[0].Data[j] / 15;
        }

        // When folded in forward and in reverse order
        var forward = new WeightedMeanAccumulator(updates[0]);
        for (var k = 0; k < 5; k++) forward.Add(updates[k], k + 1);
        var backward = new WeightedMeanAccumulator(updates[0]);
        for (var k = 4; k >= 0; k--) backward.Add(updates[k], k + 1);

        // Then both equal the batch mean
        AssertValues(forward.Result(), [.. expected.Select(v => (float)v)]);
        AssertValues(backward.Result(), [.. expected.Select(v => (float)v)]);
    }

    [Fact]
    public void Result_AddDifferenceLongArrays_MatchesScalarFormula()
    {
        // Given 19 values (vector lanes plus a scalar tail): x = i, reference = 2i, updates weighted 1 and 3
        var reference = Of([.. Enumerable.Range(0, 19).Select(i => 2f * i)]);
        var accumulator = new WeightedMeanAccumulator(reference);
        accumulator.AddDifference(Of([.. Enumerable.Range(0, 19).Select(i => (float)i)]), reference, 1);
        accumulator.AddDifference(Of([.. Enumerable.Range(0, 19).Select(i => 2f * i + 4)]), reference, 3);

        // When
        var delta = accumulator.Result();

        // Then (1·(−i) + 3·4) / 4 = 3 − i/4
        AssertValues(delta, [.. Enumerable.Range(0, 19).Select(i => 3f - i / 4f)]);
    }

    [Fact]
    public void Add_MismatchedShape_ThrowsNamingTheArrayAndLeavesSumUnchanged()
    {
        // Given an accumulator holding one update
        var accumulator = new WeightedMeanAccumulator(Of([0, 0], [0, 0]));
        accumulator.Add(Of([2, 2], [2, 2]), 1);

        // When an update whose second array has the wrong length arrives
        var error = Assert.Throws<ArgumentException>(() => accumulator.Add(Of([100, 100], [1, 2, 3]), 1));

        // Then the message names the array and the first array was not touched
        Assert.Contains("'b'", error.Message);
        Assert.Contains("[3]", error.Message);
        Assert.Equal(1, accumulator.Count);
        AssertValues(accumulator.Result(), [2, 2], [2, 2]);
    }

    [Fact]
    public void Add_WrongArrayName_ThrowsNamingBothArrays()
    {
        // Given
        var accumulator = new WeightedMeanAccumulator(Named(("fc.weight", [0f]), ("fc.bias", [0f])));

        // When
        var error = Assert.Throws<ArgumentException>(() => accumulator.Add(Named(("fc.weight", [0f]), ("head.bias", [0f])), 1));

        // Then
        Assert.Contains("'head.bias'", error.Message);
        Assert.Contains("'fc.bias'", error.Message);
    }

    [Fact]
    public void Add_MissingArray_ThrowsNamingIt()
    {
        // Given
        var accumulator = new WeightedMeanAccumulator(Of([0], [0]));

        // When
        var error = Assert.Throws<ArgumentException>(() => accumulator.Add(Of([1]), 1));

        // Then
        Assert.Contains("missing array 'b'", error.Message);
    }

    [Fact]
    public void Add_NegativeWeight_Throws()
    {
        // Given
        var accumulator = new WeightedMeanAccumulator(Of([0]));

        // When / Then
        Assert.Throws<ArgumentOutOfRangeException>(() => accumulator.Add(Of([1]), -1));
    }

    [Fact]
    public void Result_NothingAdded_Throws()
    {
        // Given
        var accumulator = new WeightedMeanAccumulator(Of([0]));

        // When
        var error = Assert.Throws<InvalidOperationException>(accumulator.Result);

        // Then
        Assert.Contains("no updates", error.Message);
    }

    [Fact]
    public void Result_ZeroTotalWeight_Throws()
    {
        // Given
        var accumulator = new WeightedMeanAccumulator(Of([0]));
        accumulator.Add(Of([1]), 0);

        // When
        var error = Assert.Throws<InvalidOperationException>(accumulator.Result);

        // Then
        Assert.Contains("total weight", error.Message);
    }

    [Fact]
    public void Add_AfterResult_Throws()
    {
        // Given a spent accumulator
        var accumulator = new WeightedMeanAccumulator(Of([0]));
        accumulator.Add(Of([1]), 1);
        accumulator.Result();

        // When / Then
        Assert.Throws<InvalidOperationException>(() => accumulator.Add(Of([1]), 1));
    }

    [Fact]
    public void Constructor_Template_IsNotModifiedOrAliased()
    {
        // Given a template with values
        var template = Of([9, 9]);
        var accumulator = new WeightedMeanAccumulator(template);

        // When
        accumulator.Add(Of([1, 1]), 1);
        var mean = accumulator.Result();

        // Then the template keeps its values and the result is a different buffer
        AssertValues(template, [9, 9]);
        Assert.NotSame(template.Arrays[0].Data, mean.Arrays[0].Data);
    }

    [Fact]
    public void Result_MultiDimensionalArrays_KeepShapes()
    {
        // Given a 2x2 array
        var template = new ModelWeights([new NamedArray("m", [2, 2], new float[4])]);
        var accumulator = new WeightedMeanAccumulator(template);
        accumulator.Add(new ModelWeights([new NamedArray("m", [2, 2], [1, 2, 3, 4])]), 2);

        // When
        var mean = accumulator.Result();

        // Then
        Assert.Equal([2, 2], mean["m"].Shape);
        AssertValues(mean, [1, 2, 3, 4]);
    }
}
