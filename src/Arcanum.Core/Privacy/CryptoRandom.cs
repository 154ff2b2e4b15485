using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Arcanum.Core.Privacy;

/// <summary>
/// A <see cref="Random"/> whose every value comes from the operating system's CSPRNG, for DP noise: a
/// <c>new Random(seed)</c> has at most 2^31 states, few enough for anyone holding a noised result to
/// try every seed, regenerate the noise and subtract it. Buffered, so drawing noise for a million
/// weights costs a few hundred system calls, not millions. Not thread-safe.
/// </summary>
public sealed class CryptoRandom : Random
{
    private readonly byte[] _buffer = new byte[4096];
    private int _next = 4096;

    /// <summary>A double in [0, 1) with 53 random bits.</summary>
    public override double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    protected override double Sample() => NextDouble();

    public override int Next() => (int)(NextUInt64() >> 33);

    public override int Next(int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return maxValue == 0 ? 0 : (int)(NextDouble() * maxValue);
    }

    /// <summary>A long in [0, <paramref name="maxValue"/>), unbiased (rejection sampling).</summary>
    public override long NextInt64(long maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        if (maxValue == 0) return 0;
        var limit = ulong.MaxValue - ulong.MaxValue % (ulong)maxValue;
        ulong value;
        do value = NextUInt64();
        while (value >= limit);
        return (long)(value % (ulong)maxValue);
    }

    public override int Next(int minValue, int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        return minValue + (int)(NextDouble() * ((long)maxValue - minValue));
    }

    public override void NextBytes(byte[] buffer) => RandomNumberGenerator.Fill(buffer);

    public override void NextBytes(Span<byte> buffer) => RandomNumberGenerator.Fill(buffer);

    private ulong NextUInt64()
    {
        if (_next + 8 > _buffer.Length)
        {
            RandomNumberGenerator.Fill(_buffer);
            _next = 0;
        }
        var value = BinaryPrimitives.ReadUInt64LittleEndian(_buffer.AsSpan(_next));
        _next += 8;
        return value;
    }
}
