using Arcanum.Core.Weights;
using Arcanum.Federated.SecureAggregation;

namespace Arcanum.Federated.Tests.SecureAggregation;

/// <summary>The server's unmasked sum, already in the model's arrays, becomes the mean model: divided by the total weight in place.</summary>
public sealed class SecAggVectorsTests
{
    private static readonly ModelWeights Template = new([new NamedArray("w", [2, 3], new float[6]), new NamedArray("b", [2], new float[2])]);

    [Fact]
    public void AsModel_OverADenominator_GivesSumOversValuesInTheSumsOwnArrays()
    {
        // Given a weighted sum in the model's two parts, over a total weight of 7
        float[][] parts = [[1f, -2f, 3.5f, 0.1f, 1e-7f, 123456.79f], [-0.3f, 7f]];
        var result = new SecAggResult(parts, 7, [0, 1], 0);
        var expected = result.SumOver(7);

        // When it is taken as a model over the weight
        var mean = SecAggVectors.AsModel(parts, Template, 7);

        // Then the arrays are named and shaped like the model, hold the values SumOver gives, and are the sum's own (no copy)
        Assert.Equal(["w", "b"], mean.Arrays.Select(a => a.Name));
        Assert.Equal([2, 3], mean["w"].Shape);
        Assert.Equal([2], mean["b"].Shape);
        Assert.Equal(expected, mean.Arrays.SelectMany(a => a.Data));
        Assert.Equal([(float)(-0.3f / 7.0), 1f], mean["b"].Data);
        Assert.Same(parts[0], mean["w"].Data);
    }

    [Fact]
    public void AsModel_WithoutADenominator_KeepsTheValues_AndRefusesWrongPartsOrWeight()
    {
        float[][] parts = [[1f, 2f, 3f, 4f, 5f, 6f], [7f, 8f]];

        var weights = SecAggVectors.AsModel(parts, Template);

        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f], weights.Arrays.SelectMany(a => a.Data));
        Assert.Throws<ArgumentException>(() => SecAggVectors.AsModel([[1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f]], Template));
        Assert.Throws<ArgumentException>(() => SecAggVectors.AsModel([[1f, 2f, 3f, 4f, 5f], [6f, 7f, 8f]], Template));
        Assert.Throws<ArgumentOutOfRangeException>(() => SecAggVectors.AsModel(parts, Template, 0));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(192)]
    [InlineData(16_777_216)]   // 2^24, the largest denominator taken by the vectorised path
    [InlineData(16_777_217)]
    [InlineData(1_000_000_007)]
    public void AsModel_ManyValues_EachIsTheDoubleQuotientRoundedToFloat(long denominator)
    {
        // Given 100,003 values of every size and sign, tiny ones whose quotients are subnormal among them
        var random = new Random(5);
        var flat = new float[100_003];
        for (var i = 0; i < flat.Length; i++)
            flat[i] = (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-44, 39)));
        var template = new ModelWeights([new NamedArray("w", [100_000], new float[100_000]), new NamedArray("b", [3], new float[3])]);
        var expected = flat.Select(x => (float)(x / (double)denominator)).ToArray();

        // When
        var mean = SecAggVectors.AsModel([flat[..100_000], flat[100_000..]], template, denominator);

        // Then every word is the definition's: the quotient in double, rounded to float
        var actual = mean.Arrays.SelectMany(a => a.Data).ToArray();
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
    }
}
