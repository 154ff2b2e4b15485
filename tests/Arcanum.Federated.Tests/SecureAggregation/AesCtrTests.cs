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

    [Fact]
    public void Generate_LongRequestsAndPartialBlocks_MatchAesOfCountersInBothOverloads()
    {
        // Given the reference stream: AES-256 of counter blocks 0, 1, 2, ... (5,000 blocks, more than one 64 KiB chunk)
        using var aes = Aes.Create();
        aes.Key = Key;
        var counters = new byte[5000 * 16];
        for (var block = 0; block < 5000; block++)
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(counters.AsSpan(block * 16 + 8), (ulong)block);
        var reference = aes.EncryptEcb(counters, PaddingMode.None);

        // When the stream is read as 70,003 bytes (a partial last block), then 16 more, through each overload
        using var byArray = new AesCtr(Key);
        var first = new byte[70_010];
        byArray.Generate(first, 7, 70_003);
        var next = new byte[16];
        byArray.Generate(next, 0, 16);
        using var bySpan = new AesCtr(Key);
        var spanFirst = new byte[70_003];
        bySpan.Generate(spanFirst);
        var spanNext = new byte[16];
        bySpan.Generate(spanNext);

        // Then both give the reference bytes, the partial block's rest is skipped, and nothing outside the range is written
        Assert.Equal(reference.AsSpan(0, 70_003).ToArray(), first.AsSpan(7, 70_003).ToArray());
        Assert.All(first.AsSpan(0, 7).ToArray(), b => Assert.Equal(0, b));
        Assert.Equal(reference.AsSpan(70_016, 16).ToArray(), next);
        Assert.Equal(first.AsSpan(7, 70_003).ToArray(), spanFirst);
        Assert.Equal(next, spanNext);
    }
}
