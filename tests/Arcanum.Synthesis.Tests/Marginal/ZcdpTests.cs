using Arcanum.Synthesis.Marginal;

namespace Arcanum.Synthesis.Tests.Marginal;

public class ZcdpTests
{
    [Fact]
    public void Rho_Epsilon1Delta1e9_Is0Point01497()
    {
        var rho = Zcdp.Rho(1, 1e-9);

        Assert.InRange(rho, 0.0149730, 0.0149731);
    }

    [Fact]
    public void Rho_Epsilon1Delta1e9_GivesMstItsSigmaOf10Point01()
    {
        // MST spends a third of rho on the one-way marginals together: sigma = sqrt(3 / (2 rho)).
        var sigma = Math.Sqrt(3 / (2 * Zcdp.Rho(1, 1e-9)));

        Assert.InRange(sigma, 10.005, 10.015);
    }

    [Theory]
    [InlineData(0.3, 1e-9, 0.00147675)]
    [InlineData(3, 1e-9, 0.1205824)]
    [InlineData(10, 1e-9, 1.0907857)]
    [InlineData(1, 1e-5, 0.0305566)]
    public void Rho_OtherBudgets_MatchTheExactConversion(double epsilon, double delta, double expected)
    {
        Assert.Equal(expected, Zcdp.Rho(epsilon, delta), expected * 1e-3);
    }

    [Theory]
    [InlineData(0.3, 1e-9)]
    [InlineData(1, 1e-6)]
    [InlineData(8, 1e-5)]
    public void Delta_OfTheRhoFound_IsTheDeltaAskedFor(double epsilon, double delta)
    {
        var back = Zcdp.Delta(Zcdp.Rho(epsilon, delta), epsilon);

        Assert.InRange(back, delta * 0.999, delta);
    }

    [Fact]
    public void Rho_MoreEpsilonOrDelta_MoreRho()
    {
        Assert.True(Zcdp.Rho(2, 1e-9) > Zcdp.Rho(1, 1e-9));
        Assert.True(Zcdp.Rho(1, 1e-6) > Zcdp.Rho(1, 1e-9));
    }

    [Fact]
    public void GaussianSigma_AndGaussianRho_AreInverse()
    {
        var sigma = Zcdp.GaussianSigma(0.01);

        Assert.Equal(Math.Sqrt(50), sigma, 12);
        Assert.Equal(0.01, Zcdp.GaussianRho(sigma), 12);
        Assert.Equal(2 * sigma, Zcdp.GaussianSigma(0.01, sensitivity: 2), 12);
    }

    [Fact]
    public void ExponentialEpsilon_IsTheSquareRootOfEightRho()
    {
        Assert.Equal(0.2, Zcdp.ExponentialEpsilon(0.005), 12);
    }

    [Theory]
    [InlineData(0, 1e-9)]
    [InlineData(-1, 1e-9)]
    [InlineData(1, 0)]
    [InlineData(1, 1)]
    [InlineData(double.PositiveInfinity, 1e-9)]
    public void Rho_BudgetOutOfRange_Throws(double epsilon, double delta)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Zcdp.Rho(epsilon, delta));
    }
}
