using System.Numerics;
using Arcanum.Core.Privacy;

namespace Arcanum.Core.Tests.Privacy;

public sealed class FftTests
{
    [Fact]
    public void Forward_FourPoints_MatchesHandComputedDft()
    {
        // Given x = [1, 2, 3, 4]: X = [10, −2+2i, −2, −2−2i]
        double[] re = [1, 2, 3, 4];
        var im = new double[4];

        // When
        Fft.Forward(re, im);

        // Then
        Complex[] expected = [10, new(-2, 2), -2, new(-2, -2)];
        for (var k = 0; k < 4; k++)
        {
            Assert.Equal(expected[k].Real, re[k], 1e-12);
            Assert.Equal(expected[k].Imaginary, im[k], 1e-12);
        }
    }

    [Fact]
    public void ForwardThenInverse_CircularConvolution_MatchesDirectSum()
    {
        // Given two pmfs on 8 points
        double[] a = [0.1, 0.2, 0.3, 0.4, 0, 0, 0, 0];
        double[] b = [0.5, 0, 0, 0, 0, 0, 0.25, 0.25];
        double[] ar = [.. a], ai = new double[8], br = [.. b], bi = new double[8];

        // When: convolve through the transform
        Fft.Forward(ar, ai);
        Fft.Forward(br, bi);
        for (var k = 0; k < 8; k++) (ar[k], ai[k]) = (ar[k] * br[k] - ai[k] * bi[k], ar[k] * bi[k] + ai[k] * br[k]);
        Fft.Inverse(ar, ai);

        // Then: the same as Σ_j a_j·b_(k−j mod 8)
        for (var k = 0; k < 8; k++)
        {
            var direct = 0.0;
            for (var j = 0; j < 8; j++) direct += a[j] * b[(k - j + 8) % 8];
            Assert.Equal(direct, ar[k], 1e-14);
            Assert.Equal(0, ai[k], 1e-14);
        }
    }

    [Fact]
    public void Forward_LengthNotPowerOfTwo_Throws() =>
        Assert.Contains("power of " +
            "two", Assert.Throws<ArgumentException>(() => Fft.Forward(new double[6], new double[6])).Message);
}
