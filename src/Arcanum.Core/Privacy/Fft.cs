using System.Runtime.CompilerServices;

namespace Arcanum.Core.Privacy;

/// <summary>
/// An in-place iterative radix-2 fast Fourier transform on split real/imaginary arrays, enough for
/// the PRV accountant's circular convolutions. Core takes no numerics package for one transform,
/// and a power-of-two length only widens the accountant's domain, which makes it safer, never
/// looser. Twiddle factors come from a table of directly computed sines and cosines, not a running
/// product, so round-off stays near 1e-16·log₂N.
/// </summary>
internal static class Fft
{
    /// <summary>The forward transform X_k = Σ x_j·e^(−2πijk/N); N must be a power of two.</summary>
    public static void Forward(double[] re, double[] im) => Transform(re, im, inverse: false);

    /// <summary>The inverse transform, including the 1/N factor.</summary>
    public static void Inverse(double[] re, double[] im)
    {
        Transform(re, im, inverse: true);
        var scale = 1.0 / re.Length;
        for (var i = 0; i < re.Length; i++)
        {
            re[i] *= scale;
            im[i] *= scale;
        }
    }

    /// <summary>The smallest power of two ≥ <paramref name="n"/> (n ≥ 1).</summary>
    public static int NextPowerOfTwo(long n)
    {
        if (n > 1 << 30) throw new ArgumentOutOfRangeException(nameof(n), n, "An FFT longer than 2^30 points is not " +
            "supported.");
        var size = 1;
        while (size < n) size <<= 1;
        return size;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transform(double[] re, double[] im, bool inverse)
    {
        var n = re.Length;
        if (im.Length != n) throw new ArgumentException("The real and imaginary parts must have the same " +
            "length.", nameof(im));
        if (n == 0 || (n & (n - 1)) != 0)
            throw new ArgumentException($"The FFT length must be a power of two; got {n}.", nameof(re));

        for (int i = 1, j = 0; i < n; i++) // bit-reversal permutation
        {
            var bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
            if (i < j)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }

        var (cos, sin) = Twiddles(n, inverse);
        for (var length = 2; length <= n; length <<= 1)
        {
            var half = length >> 1;
            var stride = n / length;
            for (var k = 0; k < half; k++)
            {
                var wr = cos[k * stride];
                var wi = sin[k * stride];
                for (var a = k; a < n; a += length)
                {
                    var b = a + half;
                    var tr = re[b] * wr - im[b] * wi;
                    var ti = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
    }

    private static (double[] Cos, double[] Sin) Twiddles(int n, bool inverse)
    {
        var sign = inverse ? 1.0 : -1.0;
        var size = Math.Max(1, n / 2);
        var cos = new double[size];
        var sin = new double[size];
        for (var k = 0; k < size; k++)
        {
            var (s, c) = Math.SinCos(2 * Math.PI * k / n);
            cos[k] = c;
            sin[k] = sign * s;
        }
        return (cos, sin);
    }
}
