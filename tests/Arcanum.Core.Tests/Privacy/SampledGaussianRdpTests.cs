using Arcanum.Core.Privacy;

namespace Arcanum.Core.Tests.Privacy;

public sealed class SampledGaussianRdpTests
{
    [Fact]
    public void DefaultOrders_AreOpacusDefaultAlphas()
    {
        // Given Opacus' DEFAULT_ALPHAS = [1 + x / 10.0 for x in range(1, 100)] + list(range(12, 64))
        var orders = SampledGaussianRdp.DefaultOrders;

        // Then
        Assert.Equal(151, orders.Count);
        Assert.Equal(1.1, orders[0]);
        Assert.Equal(10.9, orders[98]);
        Assert.Equal(12.0, orders[99]);
        Assert.Equal(63.0, orders[^1]);
        Assert.DoesNotContain(11.0, orders);
        Assert.Contains(2.0, orders); // exactly 2: takes the integer-order branch
    }

    [Theory]
    [InlineData(1.1, 1.0)]
    [InlineData(2.0, 1.3)]
    [InlineData(10.9, 0.7)]
    [InlineData(63.0, 5.0)]
    public void Compute_FullBatch_IsGaussianMechanismClosedForm(double order, double sigma)
    {
        // When q = 1 every record is in every batch: the plain Gaussian mechanism, RDP = α/(2σ²)
        var rdp = SampledGaussianRdp.Compute(sigma, 1.0, order);

        // Then
        Assert.Equal(order / (2 * sigma * sigma), rdp);
    }

    [Fact]
    public void Compute_ZeroSampleRate_CostsNothing()
    {
        Assert.All(SampledGaussianRdp.Compute(1.0, 0.0, SampledGaussianRdp.DefaultOrders), r => Assert.Equal(0.0, r));
    }

    // Independent of the MTZ series: ln A_α/(α − 1) with A_α = ∫ N(z; 0, σ²)·((1 − q) + q·e^((2z − 1)/(2σ²)))^α dz,
    // integrated by mpmath.quad at 40 digits.
    [Theory]
    [InlineData(0.004, 1.3, 1.5, 9.665400785376886e-6)]
    [InlineData(0.004, 1.3, 2.5, 1.6174477322102732e-5)]
    [InlineData(0.004, 1.3, 10.9, 7.3085458562993096e-5)]
    [InlineData(0.004, 1.3, 17, 1.1738441520772771e-4)]
    [InlineData(0.01, 1.1, 4.7, 3.1778807182194698e-4)]
    [InlineData(0.01, 1.1, 32, 8.4694164336759256)]
    [InlineData(0.08192, 3.0, 4.5, 1.8153300408555551e-3)]
    [InlineData(0.5, 1.0, 1.1, 0.15613047568549298)] // q = ½: the series' slowest case
    [InlineData(0.9, 0.5, 2.5, 4.8248636437504776)]
    public void Compute_MatchesNumericalIntegration(double q, double sigma, double order, double expected)
    {
        // When
        var rdp = SampledGaussianRdp.Compute(sigma, q, order);

        // Then the series stops at terms below e^−30 (as Opacus does), which costs ~1e-9 relative
        Assert.Equal(expected, rdp, expected * 1e-8);
    }

    [Theory]
    [InlineData(0.004, 1.3)]
    [InlineData(0.01, 0.7)]
    [InlineData(0.3, 2.0)]
    public void Compute_AcrossOrders_NeverDecreases(double q, double sigma)
    {
        // RDP is non-decreasing in α; the fractional (erfc series) and integer (binomial sum)
        // branches alternate at 2.0, 3.0, …, so a mismatch between them would show as a dip.
        var rdp = SampledGaussianRdp.Compute(sigma, q, SampledGaussianRdp.DefaultOrders);

        for (var k = 1; k < rdp.Length; k++)
            Assert.True(rdp[k] >= rdp[k - 1] * (1 - 1e-9), $"RDP fell from {rdp[k - 1]} to {rdp[k]} at α = {SampledGaussianRdp.DefaultOrders[k]}");
    }

    [Theory]
    [InlineData(1e-4, 1.0, 1.7182818136965833591e-8)]
    [InlineData(0.004, 1.3, 1.2913303412218159354e-5)]
    [InlineData(0.2, 0.5, 1.145472337815981168)]
    public void Compute_OrderTwo_MatchesHandExpansion(double q, double sigma, double expected)
    {
        // A₂ = (1 − q)² + 2q(1 − q) + q²·e^(1/σ²) = 1 + q²(e^(1/σ²) − 1), so RDP(2) = ln(1 + q²(e^(1/σ²) − 1))
        // (evaluated with mpmath at 40 digits; the tiny-q case needs an accurate log1p)

        var rdp = SampledGaussianRdp.Compute(sigma, q, 2.0);

        Assert.Equal(expected, rdp, expected * 1e-12);
    }

    [Theory]
    [InlineData(0.0, 0.1, 2.0, "noiseMultiplier")]
    [InlineData(-1.0, 0.1, 2.0, "noiseMultiplier")]
    [InlineData(double.NaN, 0.1, 2.0, "noiseMultiplier")]
    [InlineData(1.0, -0.1, 2.0, "sampleRate")]
    [InlineData(1.0, 1.5, 2.0, "sampleRate")]
    [InlineData(1.0, 0.1, 1.0, "order")]
    public void Compute_InvalidArguments_ThrowWithMessage(double sigma, double q, double order, string parameter)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => SampledGaussianRdp.Compute(sigma, q, order));

        Assert.Equal(parameter, ex.ParamName);
        Assert.Contains("must", ex.Message);
    }
}
