using Arcanum.Federated.SecureAggregation;

namespace Arcanum.Federated.Tests.SecureAggregation;

public sealed class QuantizerTests
{
    [Fact]
    public void Quantize_HandValues_RoundsStochasticallyAndWeights()
    {
        // Given c = 1, L = 4 (scale 2): 0.25 → 2.5, 2 → clipped to 1 → 4, −3 → clipped to −1 → 0
        float[] values = [0.25f, 0.25f, 2f, -3f];
        uint[] uniforms = [0, 1u << 31 | 1, 0, uint.MaxValue]; // u = 0, u just above ½, 0, almost 1
        var destination = new uint[4];

        // When weight 3
        Quantizer.Quantize(values, 1, 4, 3, uniforms, destination);

        // Then ⌊2.5 + 0⌋ = 2, ⌊2.5 + 0.5…⌋ = 3, 4 (capped at L), ⌊0 + 0.99…⌋ = 0; each times 3
        Assert.Equal([6u, 9u, 12u, 0u], destination);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(37)]
    [InlineData(1000)]
    public void Quantize_LongVectors_EqualTheDefinitionWordForWord(int length)
    {
        // Given values inside and outside [−c, c], exact level boundaries, and uniforms across their range
        var random = new Random(length);
        var values = Enumerable.Range(0, length).Select(i => i % 11 == 0 ? (i % 2 == 0 ? 8f : -8f) : i % 7 == 0 ? (float)(i % 3 - 1) * 9f
            : (float)(random.NextDouble() * 20 - 10)).ToArray();
        var uniforms = Enumerable.Range(0, length).Select(i => i % 5 == 0 ? uint.MaxValue : (uint)random.NextInt64(0, 1L << 32)).ToArray();
        const double clip = 8;
        const uint levels = 536_870, weight = 7;
        var destination = new uint[length];

        // When quantised (vectorised where the machine allows)
        Quantizer.Quantize(values, clip, levels, weight, uniforms, destination);

        // Then each word is w · min(⌊(clip(x) + c) · L / 2c + u / 2^32⌋, L), computed one value at a time in double
        for (var i = 0; i < length; i++)
        {
            var x = Math.Clamp((double)values[i], -clip, clip);
            var q = Math.Min((uint)((x + clip) * (levels / (2 * clip)) + uniforms[i] / 4294967296.0), levels);
            Assert.Equal(weight * q, destination[i]);
        }
    }

    [Fact]
    public void Quantize_NaNInAVectorisedBlock_IsRefused()
    {
        var values = new float[64];
        values[17] = float.NaN;

        var e = Assert.Throws<ArgumentException>(() => Quantizer.Quantize(values, 1, 4, 1, new uint[64], new uint[64]));

        Assert.Contains("NaN", e.Message);
    }

    [Fact]
    public void Dequantize_SumOfTwoSites_MatchesHandValue()
    {
        // Given c = 1, L = 4 (Δ = 0.5): site a weight 3, q = 3 (x̂ = 0.5); site b weight 1, q = 0 (x̂ = −1)
        uint[] sums = [3 * 3 + 1 * 0];
        var destination = new float[1];

        // When total weight 4
        Quantizer.Dequantize(sums, 4, 1, 4, destination);

        // Then 9 · 0.5 − 1 · 4 = 0.5 = 3 · 0.5 + 1 · (−1)
        Assert.Equal(0.5f, destination[0]);
    }
}
