using Arcanum.Core.Privacy;

namespace Arcanum.Core.Tests.Privacy;

public sealed class RdpConversionTests
{
    [Fact]
    public void ToEpsilon_SingleOrder_MatchesHandComputation()
    {
        // Given RDP 1 at α = 2, δ = 1e-5
        // Then ε = 1 − (ln 1e-5 + ln 2)/1 + ln(1/2) = 1 + 11.512925465 − 2·0.693147181 = 11.126631103
        var spent = RdpConversion.ToEpsilon([2.0], [1.0], 1e-5);

        Assert.Equal(1 - (Math.Log(1e-5) + Math.Log(2)) + Math.Log(0.5), spent.Epsilon, 1e-12);
        Assert.Equal(11.126631103, spent.Epsilon, 1e-8);
        Assert.Equal(2.0, spent.BestOrder);
    }

    [Fact]
    public void ToEpsilon_PicksTheOrderWithSmallestEpsilon()
    {
        // Given at δ = e^−10: α = 2 → 5 + 10 − ln 2 + ln ½ = 13.614; α = 11 → 3 + (10 − ln 11)/10 + ln(10/11) = 3.665
        var spent = RdpConversion.ToEpsilon([2.0, 11.0], [5.0, 3.0], Math.Exp(-10));

        Assert.Equal(11.0, spent.BestOrder);
        Assert.Equal(3 + (10 - Math.Log(11)) / 10 + Math.Log(10.0 / 11), spent.Epsilon, 1e-12);
    }

    [Fact]
    public void ToEpsilon_NothingSpent_IsExactlyZero()
    {
        var spent = RdpConversion.ToEpsilon([2.0, 3.0], [0.0, 0.0], 1e-5);

        Assert.Equal(0.0, spent.Epsilon);
        Assert.True(double.IsNaN(spent.BestOrder));
    }

    [Fact]
    public void ToEpsilon_NegativeBound_IsFlooredAtZero()
    {
        // Given a tiny RDP and a large δ, the formula goes below 0: ε = 1e-9 − (ln 0.9 + ln 63)/62 + ln(62/63) < 0
        var spent = RdpConversion.ToEpsilon([63.0], [1e-9], 0.9);

        Assert.Equal(0.0, spent.Epsilon);
    }

    [Fact]
    public void ToEpsilon_OnlyInfiniteRdp_GivesNoGuarantee()
    {
        var spent = RdpConversion.ToEpsilon([2.0], [double.PositiveInfinity], 1e-5);

        Assert.Equal(double.PositiveInfinity, spent.Epsilon);
    }

    // The Opacus MNIST README (examples/mnist_README.md) reports ε = 1.16 / 2.91 / 6.86 at δ = 1e-5 for
    // σ = 1.3 / 1.1 / 0.7, q = 256/60000 ≈ 0.004 (exactly 0.004 here), 15 / 60 / 45 epochs, computed with
    // the classic conversion; privacy_anchors.md §4b reproduces them as 1.1597 (α 17), 2.905, 6.8589.
    [Theory]
    [InlineData(1.3, 3750, 1.1597, 17.0)]
    [InlineData(1.1, 15000, 2.9050, 9.1)]
    [InlineData(0.7, 11250, 6.8589, 3.9)]
    public void ToEpsilonClassic_OpacusMnistReadme_ReproducesPublishedEpsilon(double sigma, int steps, double expected, double order)
    {
        // Given
        var accountant = new RdpAccountant();
        accountant.Step(sigma, 0.004, steps);

        // When
        var spent = RdpConversion.ToEpsilonClassic(accountant.Orders, accountant.GetRdp(), 1e-5);

        // Then
        Assert.Equal(expected, spent.Epsilon, 1e-4);
        Assert.Equal(order, spent.BestOrder);
        Assert.True(accountant.GetEpsilon(1e-5).Epsilon < spent.Epsilon, "Balle et al. 2020 is never looser than Mironov 2017");
    }

    [Fact]
    public void ToEpsilon_InvalidInput_ThrowsWithMessage()
    {
        Assert.Contains("2 orders but 1 RDP values", Assert.Throws<ArgumentException>(() => RdpConversion.ToEpsilon([2.0, 3.0], [1.0], 1e-5)).Message);
        Assert.Contains("δ must be in (0, 1)", Assert.Throws<ArgumentOutOfRangeException>(() => RdpConversion.ToEpsilon([2.0], [1.0], 0)).Message);
        Assert.Contains("δ must be in (0, 1)", Assert.Throws<ArgumentOutOfRangeException>(() => RdpConversion.ToEpsilon([2.0], [1.0], 1)).Message);
        Assert.Contains("greater than 1", Assert.Throws<ArgumentOutOfRangeException>(() => RdpConversion.ToEpsilon([0.5], [1.0], 1e-5)).Message);
        Assert.Contains("cannot be negative", Assert.Throws<ArgumentException>(() => RdpConversion.ToEpsilon([2.0], [-1.0], 1e-5)).Message);
    }
}
