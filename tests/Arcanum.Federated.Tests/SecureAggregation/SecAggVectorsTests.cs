using Arcanum.Core.Weights;
using Arcanum.Federated.SecureAggregation;

namespace Arcanum.Federated.Tests.SecureAggregation;

/// <summary>The server cuts the unmasked sum into the model's arrays, dividing by the total weight on the way.</summary>
public sealed class SecAggVectorsTests
{
    private static readonly ModelWeights Template = new([new NamedArray("w", [2, 3], new float[6]), new NamedArray("b", [2], new float[2])]);

    [Fact]
    public void Unflatten_OverADenominator_GivesSumOversValuesInTheModelsArrays()
    {
        // Given a weighted sum with the model's 8 values and two appended counts, over a total weight of 7
        float[] sum = [1f, -2f, 3.5f, 0.1f, 1e-7f, 123456.79f, -0.3f, 7f, 40f, 41f];
        var result = new SecAggResult(sum, 7, [0, 1], 0);

        // When it is cut into arrays over the weight
        var mean = SecAggVectors.Unflatten(sum.AsSpan(0, 8), Template, 7);

        // Then the arrays are named and shaped like the model, and every value is the one SumOver gives
        Assert.Equal(["w", "b"], mean.Arrays.Select(a => a.Name));
        Assert.Equal([2, 3], mean["w"].Shape);
        Assert.Equal([2], mean["b"].Shape);
        Assert.Equal(result.SumOver(7)[..8], mean.Arrays.SelectMany(a => a.Data));
        Assert.Equal([(float)(-0.3f / 7.0), 1f], mean["b"].Data);
    }

    [Fact]
    public void Unflatten_WithoutADenominator_CopiesTheValues_AndRefusesAWrongLengthOrWeight()
    {
        float[] flat = [1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f];

        var weights = SecAggVectors.Unflatten(flat, Template);

        Assert.Equal(flat, weights.Arrays.SelectMany(a => a.Data));
        flat[0] = 99f;
        Assert.Equal(1f, weights["w"].Data[0]);
        Assert.Throws<ArgumentException>(() => SecAggVectors.Unflatten(flat.AsSpan(0, 7), Template));
        Assert.Throws<ArgumentOutOfRangeException>(() => SecAggVectors.Unflatten(flat, Template, 0));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(192)]
    [InlineData(16_777_216)]   // 2^24, the largest denominator taken by the vectorised path
    [InlineData(16_777_217)]
    [InlineData(1_000_000_007)]
    public void Unflatten_ManyValues_EachIsTheDoubleQuotientRoundedToFloat(long denominator)
    {
        // Given 100,003 values of every size and sign, tiny ones whose quotients are subnormal among them
        var random = new Random(5);
        var flat = new float[100_003];
        for (var i = 0; i < flat.Length; i++)
            flat[i] = (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-44, 39)));
        var template = new ModelWeights([new NamedArray("w", [100_000], new float[100_000]), new NamedArray("b", [3], new float[3])]);

        // When
        var mean = SecAggVectors.Unflatten(flat, template, denominator);

        // Then every word is the definition's: the quotient in double, rounded to float
        var expected = flat.Select(x => (float)(x / (double)denominator)).ToArray();
        var actual = mean.Arrays.SelectMany(a => a.Data).ToArray();
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
    }
}
