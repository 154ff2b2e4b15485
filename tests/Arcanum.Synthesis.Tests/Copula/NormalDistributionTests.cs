using Arcanum.Synthesis.Copula;

namespace Arcanum.Synthesis.Tests.Copula;

public class NormalDistributionTests
{
    // Reference values from mpmath at 40 digits (ncdf, and findroot of ncdf), rounded to 17.
    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(-1.959963984540054, 0.025000000000000014)]
    [InlineData(1.0, 0.84134474606854295)]
    [InlineData(-3.0, 1.3498980316300945e-3)]
    [InlineData(-10.0, 7.6198530241605261e-24)]
    [InlineData(-37.0, 5.7255712225245768e-300)]
    public void Cdf_KnownValues_MatchRelatively(double x, double expected)
    {
        var actual = NormalDistribution.Cdf(x);

        // Rounding x/√2 costs about x²·1e-16 relative in the tail.
        Assert.True(Math.Abs(actual - expected) <= 1e-14 * Math.Max(1, x * x) * expected, $"Φ({x}) = {actual:R}, expected {expected:R}");
    }

    [Theory]
    [InlineData(0.5, 0.0)]
    [InlineData(0.975, 1.9599639845400542)]
    [InlineData(0.995, 2.5758293035489008)]
    [InlineData(1e-10, -6.3613409024040562)]
    [InlineData(1e-300, -37.047096299361199)]
    public void Quantile_KnownValues_MatchRelatively(double p, double expected)
    {
        var actual = NormalDistribution.Quantile(p);

        Assert.True(Math.Abs(actual - expected) <= 1e-14 * Math.Max(1, Math.Abs(expected)), $"Φ⁻¹({p}) = {actual:R}, expected {expected:R}");
    }

    [Fact]
    public void Quantile_OfCdf_ReturnsTheArgumentFromFarLeftToFarRight()
    {
        for (var x = -37.0; x <= 8; x += 0.25)
        {
            // Right of 0 the CDF is near 1 and holds only absolute precision, so compare through the lower tail there.
            var back = x <= 0 ? NormalDistribution.Quantile(NormalDistribution.Cdf(x)) : -NormalDistribution.Quantile(NormalDistribution.Cdf(-x));

            Assert.True(Math.Abs(back - x) <= 1e-12 * Math.Max(1, Math.Abs(x)), $"x = {x}: got {back:R}");
        }
    }

    [Fact]
    public void Quantile_Ends_AreInfiniteAndOutsideIsNaN()
    {
        Assert.Equal(double.NegativeInfinity, NormalDistribution.Quantile(0));
        Assert.Equal(double.PositiveInfinity, NormalDistribution.Quantile(1));
        Assert.True(double.IsNaN(NormalDistribution.Quantile(1.5)));
    }
}
