using System.Security.Cryptography;
using Arcanum.Federated.SecureAggregation;

namespace Arcanum.Federated.Tests.SecureAggregation;

public sealed class AesCtrTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(0, 32).Select(i => (byte)(i * 7))];

    [Fact]
    public void Generate_FirstBlocks_AreAesOfCounters()
    {
        // Given the AES-256 encryptions of counter blocks 0 and 1, computed directly
        using var aes = Aes.Create();
        aes.Key = Key;
        var counters = new byte[32];
        counters[31] = 1;
        var expected = aes.EncryptEcb(counters, PaddingMode.None);

        // When
        using var stream = new AesCtr(Key);
        var actual = new byte[32];
        stream.Generate(actual);

        // Then
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Apply_AddThenSubtract_RestoresVector()
    {
        // Given
        uint[] values = [.. Enumerable.Range(0, 40_000).Select(i => (uint)i)];
        var original = (uint[])values.Clone();

        // When
        MaskExpander.Apply(Key, values, +1);
        var masked = (uint[])values.Clone();
        MaskExpander.Apply(Key, values, -1);

        // Then the mask changed (almost) every word and removing it gives the input back
        Assert.True(masked.Zip(original).Count(p => p.First == p.Second) <= 1);
        Assert.Equal(original, values);
    }
}
