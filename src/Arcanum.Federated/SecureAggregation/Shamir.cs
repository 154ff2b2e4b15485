using System.Numerics;

namespace Arcanum.Federated.SecureAggregation;

/// <summary>
/// Shamir t-of-n secret sharing over the prime field GF(p), p = 2^521 − 1 (a Mersenne prime), so a whole
/// 256-bit self-mask seed or mask private key (up to 520 bits, so a P-384 or P-521 key would fit too) is one
/// field element and is shared in one piece.
/// A share is (x, f(x)) for a random polynomial f of degree t − 1 with f(0) = secret; any t shares give the
/// secret by Lagrange interpolation at 0, and t − 1 shares are uniformly distributed whatever the secret.
/// </summary>
internal static class Shamir
{
    /// <summary>The field modulus 2^521 − 1.</summary>
    public static readonly BigInteger Prime = (BigInteger.One << 521) - 1;

    /// <summary>Bytes of one share value, big-endian, fixed length.</summary>
    public const int ShareLength = 66;

    /// <summary>Shares <paramref name="secret"/> at the points <paramref name="xs"/> (distinct, 1 ≤ x).</summary>
    public static BigInteger[] Split(BigInteger secret, int threshold, IReadOnlyList<int> xs, IRandomBytes random)
    {
        if (secret.Sign < 0 || secret >= Prime) throw new ArgumentOutOfRangeException(nameof(secret));
        if (threshold < 1 || threshold > xs.Count)
            throw new ArgumentOutOfRangeException(nameof(threshold), $"Threshold {threshold} with {xs.Count} shares.");
        if (xs.Any(x => x < 1) || xs.Distinct().Count() != xs.Count)
            throw new ArgumentException("Share points must be distinct and at least 1.", nameof(xs));
        var coefficients = new BigInteger[threshold];
        coefficients[0] = secret;
        for (var i = 1; i < threshold; i++) coefficients[i] = RandomElement(random);
        return [.. xs.Select(x => Evaluate(coefficients, x))];
    }

    /// <summary>f(x) mod p for f with the given coefficients, constant term first (Horner's rule).</summary>
    public static BigInteger Evaluate(IReadOnlyList<BigInteger> coefficients, int x)
    {
        var y = BigInteger.Zero;
        for (var i = coefficients.Count - 1; i >= 0; i--) y = (y * x + coefficients[i]) % Prime;
        return y;
    }

    /// <summary>f(0) from shares (x, f(x)) with distinct x: Σ y_i Π_{j≠i} x_j / (x_j − x_i) mod p.</summary>
    public static BigInteger Combine(IReadOnlyList<(int X, BigInteger Y)> shares)
    {
        if (shares.Count == 0) throw new ArgumentException("No shares to combine.", nameof(shares));
        if (shares.Select(s => s.X).Distinct().Count() != shares.Count)
            throw new ArgumentException("Shares must come from distinct points.", nameof(shares));
        var secret = BigInteger.Zero;
        for (var i = 0; i < shares.Count; i++)
        {
            BigInteger numerator = 1, denominator = 1;
            for (var j = 0; j < shares.Count; j++)
            {
                if (j == i) continue;
                numerator = numerator * shares[j].X % Prime;
                denominator = denominator * Mod(shares[j].X - shares[i].X) % Prime;
            }
            var basis = numerator * Inverse(denominator) % Prime;
            secret = (secret + shares[i].Y * basis) % Prime;
        }
        return secret;
    }

    public static byte[] Encode(BigInteger value)
    {
        var bytes = new byte[ShareLength];
        value.TryWriteBytes(bytes.AsSpan(ShareLength - value.GetByteCount(isUnsigned: true)), out _,
            isUnsigned: true, isBigEndian: true);
        return bytes;
    }

    public static BigInteger Decode(ReadOnlySpan<byte> bytes)
    {
        var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        if (value >= Prime) throw new SecAggException("A secret share is not a field element; it was corrupted.");
        return value;
    }

    /// <summary>Writes a secret back as a fixed-length big-endian byte string; throws if it does not fit.</summary>
    public static byte[] ToSecretBytes(BigInteger value, int length)
    {
        var bytes = new byte[length];
        var count = value.GetByteCount(isUnsigned: true);
        if (count > length) throw new SecAggException("Reconstructed secret is too long; the shares are inconsistent.");
        value.TryWriteBytes(bytes.AsSpan(length - count), out _, isUnsigned: true, isBigEndian: true);
        return bytes;
    }

    /// <summary>
    /// a⁻¹ mod p by the extended Euclidean algorithm: the denominators here are products of small differences, for which
    /// it takes a few steps where Fermat's a^(p−2) takes 521 squarings of 521-bit numbers (about a millisecond each secret).
    /// </summary>
    internal static BigInteger Inverse(BigInteger a)
    {
        if (a.Sign <= 0 || a >= Prime) throw new ArgumentOutOfRangeException(nameof(a), "Only 1..p−1 have inverses mod p.");
        BigInteger t = 0, next = 1, r = Prime, rest = a;
        while (!rest.IsZero)
        {
            var q = BigInteger.Divide(r, rest);
            (t, next) = (next, t - q * next);
            (r, rest) = (rest, r - q * rest);
        }
        return t.Sign < 0 ? t + Prime : t;
    }

    private static BigInteger Mod(BigInteger value) => ((value % Prime) + Prime) % Prime;

    private static BigInteger RandomElement(IRandomBytes random)
    {
        Span<byte> bytes = stackalloc byte[ShareLength];
        while (true)
        {
            random.Fill(bytes);
            bytes[0] &= 0x01; // 521 bits: the top byte keeps one bit
            var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
            if (value < Prime) return value;
        }
    }
}
