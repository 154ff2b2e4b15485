using System.Numerics;

namespace Arcanum.Core.Privacy;

/// <summary>
/// An in-place iterative radix-2 fast Fourier transform, enough for the PRV accountant's circular
/// convolutions. Core takes no numerics package for one transform, and a power-of-two length only
/// widens the accountant's domain, which makes it safer, never looser. Twiddle factors come from a
/// table of directly computed sines and cosines, not a running product, so round-off stays near
/// 1e-16·log₂N.
/// </summary>
internal static class Fft
{
    /// <summary>The forward transform X_k = Σ x_j·e^(−2πijk/N); N must be a power of two.</summary>
    public static void Forward(Complex[] data) => Transform(data, inverse: false);

    /// <summary>The inverse transform, including the 1/N factor.</summary>
    public static void Inverse(Complex[] data)
    {
        Transform(data, inverse: true);
        var scale = 1.0 / data.Length;
        for (var i = 0; i < data.Length; i++) data[i] *= scale;
    }

    /// <summary>The smallest power of two ≥ <paramref name="n"/> (n ≥ 1).</summary>
    public static int NextPowerOfTwo(long n)
    {
        if (n > 1 << 30) throw new ArgumentOutOfRangeException(nameof(n), n, "An FFT longer than 2^30 points is not supported.");
        var size = 1;
        while (size < n) size <<= 1;
        return size;
    }

    private static void Transform(Complex[] data, bool inverse)
    {
        var n = data.Length;
        if (n == 0 || (n & (n - 1)) != 0)
            throw new ArgumentException($"The FFT length must be a power of two; got {n}.", nameof(data));

        // Bit-reversal permutation.
        for (int i = 1, j = 0; i < n; i++)
        {
            var bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
            if (i < j) (data[i], data[j]) = (data[j], data[i]);
        }

        var twiddles = Twiddles(n, inverse);
        for (var length = 2; length <= n; length <<= 1)
        {
            var half = length >> 1;
            var stride = n / length;
            for (var start = 0; start < n; start += length)
            {
                for (var k = 0; k < half; k++)
                {
                    var even = data[start + k];
                    var odd = data[start + k + half] * twiddles[k * stride];
                    data[start + k] = even + odd;
                    data[start + k + half] = even - odd;
                }
            }
        }
    }

    private static Complex[] Twiddles(int n, bool inverse)
    {
        var sign = inverse ? 1.0 : -1.0;
        var table = new Complex[Math.Max(1, n / 2)];
        for (var k = 0; k < table.Length; k++)
        {
            var (sin, cos) = Math.SinCos(2 * Math.PI * k / n);
            table[k] = new Complex(cos, sign * sin);
        }
        return table;
    }
}
