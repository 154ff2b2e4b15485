using System.Buffers.Binary;
using System.Security.Cryptography;
using Arcanum.Synthesis.Copula;

namespace Arcanum.Synthesis.Marginal;

/// <summary>
/// Where the privacy noise of a marginal fit comes from. By default the operating system's CSPRNG: a
/// <c>new Random(seed)</c> has at most 2^31 states, few enough for anyone holding the model to try every seed,
/// regenerate the noise and subtract it. A seeded source is for tests and benchmarks that must repeat.
/// (Arcanum.Federated has the same idea for its noise; Synthesis cannot reference it.)
/// </summary>
internal static class NoiseSource
{
    public static Random Create(int? seed) => seed is { } s ? new Random(s) : new SecureRandom();

    /// <summary>A normal draw with standard deviation <paramref name="sigma"/>.</summary>
    public static double Gaussian(this Random random, double sigma) => sigma * random.NextNormal();

    /// <summary>A standard Gumbel draw, for the exponential mechanism by the Gumbel-max trick.</summary>
    public static double Gumbel(this Random random) => -Math.Log(-Math.Log(random.OpenUniform()));

    /// <summary>A <see cref="Random"/> with every bit from the CSPRNG, buffered. Not thread-safe.</summary>
    private sealed class SecureRandom : Random
    {
        private readonly byte[] _buffer = new byte[4096];
        private int _next = 4096;

        public override double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

        protected override double Sample() => NextDouble();

        public override long NextInt64(long maxValue)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
            // Rejection keeps it unbiased; maxValue is at most 2^53 here, so a retry is rare.
            var limit = ulong.MaxValue - ulong.MaxValue % (ulong)Math.Max(maxValue, 1);
            ulong value;
            do value = NextUInt64();
            while (value >= limit);
            return maxValue == 0 ? 0 : (long)(value % (ulong)maxValue);
        }

        public override int Next() => (int)(NextUInt64() >> 33);

        public override int Next(int maxValue) => (int)NextInt64(maxValue);

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
}
