using System.Diagnostics;
using Arcanum.Core.Privacy;
using Xunit.Abstractions;

namespace Arcanum.Core.Tests.Privacy;

public sealed class PrvAccountantTests(ITestOutputHelper output)
{
    private const double Delta = 1e-5;

    // privacy_anchors.md §4b: the PRV column, computed with Opacus' own PRVAccountant (eps_error 0.01,
    // delta_error δ/1000, upper bound). Our answer must land within 0.01 of it.
    [Theory]
    [InlineData(1.3, 0.004, 3750, 1e-5, 0.8436)] // MNIST README, 15 epochs ("Opacus' 0.84")
    [InlineData(1.1, 0.004, 15000, 1e-5, 2.3055)] // MNIST README, 60 epochs
    [InlineData(0.7, 0.004, 11250, 1e-5, 5.4415)] // MNIST README, 45 epochs
    [InlineData(1.1, 0.01, 10000, 1e-5, 5.2029)] // Abadi et al.-like
    [InlineData(3.0, 0.08192, 2000, 1e-5, 5.7846)] // CIFAR-like, batch 4096 of 50,000
    [InlineData(1.0, 1.0, 1, 1e-5, 4.3874)] // full batch, one step
    [InlineData(0.8, 0.001, 100000, 1e-6, 2.9246)] // small q, long run
    public void ComputeEpsilon_OpacusTestVectors_WithinOneHundredth(double sigma, double q, long steps, double delta,
        double opacus)
    {
        // When
        var watch = Stopwatch.StartNew();
        var epsilon = PrvAccountant.ComputeEpsilon(sigma, q, steps, delta);
        output.WriteLine($"σ={sigma} q={q} T={steps}: ε={epsilon:F4} (Opacus {opacus}) in " +
            $"{watch.ElapsedMilliseconds} ms");

        // Then
        Assert.Equal(opacus, epsilon, 0.01);
    }

    [Fact]
    public void NoiseForEpsilon_OpacusCalibration_Is1171875()
    {
        // Given ε = 1, δ = 1e-5, q = 0.004, 3,750 steps: Opacus' get_noise_multiplier(accountant="prv")
        // gives σ = 1.1719 (privacy_anchors.md §4b); its bisection from [0, 20] lands on 1.171875 exactly.
        var watch = Stopwatch.StartNew();

        // When
        var sigma = PrvAccountant.NoiseForEpsilon(1.0, Delta, 0.004, 3750);
        output.WriteLine($"σ = {sigma} in {watch.ElapsedMilliseconds} ms");

        // Then
        Assert.Equal(1.171875, sigma);
        Assert.InRange(PrvAccountant.ComputeEpsilon(sigma, 0.004, 3750, Delta), 0.99, 1.0);
    }

    [Theory]
    [InlineData(1.0, 1)]
    [InlineData(2.0, 25)]
    [InlineData(1.0, 100)]
    public void ComputeEpsilon_FullBatchGaussian_BoundsTheExactAnswerFromAbove(double sigma, long steps)
    {
        // Given q = 1: T Gaussian steps are one Gaussian with μ = √T/σ, whose exact curve is
        // δ(ε) = Φ(μ/2 − ε/μ) − e^ε·Φ(−μ/2 − ε/μ) (Dong, Roth & Su's GDP); ε solved by bisection here.
        var exact = ExactGaussianEpsilon(Math.Sqrt(steps) / sigma, Delta);
        // Opacus' upper bound is ε(δ − δ/1000) + 0.01; the mesh adds nothing visible on top.
        var ceiling = ExactGaussianEpsilon(Math.Sqrt(steps) / sigma, Delta * 0.999) + 0.01 + 1e-3;

        // When
        var epsilon = PrvAccountant.ComputeEpsilon(sigma, 1.0, steps, Delta);
        output.WriteLine($"σ={sigma} T={steps}: exact ε={exact:F4}, PRV upper {epsilon:F4}");

        // Then: an upper bound, at most ε_error (plus the δ_error slack) above the truth
        Assert.InRange(epsilon, exact, ceiling);
    }

    [Fact]
    public void GetEpsilon_MixedHistory_LiesBetweenItsPartsAndBelowRdp()
    {
        // Given 2,000 steps at σ = 1.3 and 1,750 at σ = 1.1 (q = 0.004), recorded in two calls each
        var prv = new PrvAccountant();
        var rdp = new RdpAccountant();
        foreach (IPrivacyAccountant accountant in new IPrivacyAccountant[] { prv, rdp })
        {
            accountant.Step(1.3, 0.004, 1000);
            accountant.Step(1.1, 0.004, 1750);
            accountant.Step(1.3, 0.004, 1000);
        }

        // When
        var epsilon = prv.GetEpsilon(Delta);

        // Then: more private than all-σ=1.1, less than all-σ=1.3, tighter than RDP
        Assert.Equal(3750, prv.Steps);
        Assert.InRange(epsilon, PrvAccountant.ComputeEpsilon(1.3, 0.004, 3750, Delta),
            PrvAccountant.ComputeEpsilon(1.1, 0.004, 3750, Delta));
        Assert.True(epsilon < ((IPrivacyAccountant)rdp).GetEpsilon(Delta));
    }

    [Fact]
    public void GetEpsilon_StepsSplitAcrossCalls_EqualsOneCall()
    {
        // Given
        var parts = new PrvAccountant();
        parts.Step(1.3, 0.004, 1000);
        parts.Step(1.3, 0.004, 2750);

        // When / Then
        Assert.Equal(PrvAccountant.ComputeEpsilon(1.3, 0.004, 3750, Delta), parts.GetEpsilon(Delta));
    }

    [Fact]
    public void GetEpsilon_NothingRecordedOrNoSampling_IsZero()
    {
        // Given
        var accountant = new PrvAccountant();
        Assert.Equal(0, accountant.GetEpsilon(Delta));

        // When: steps that sample nobody
        accountant.Step(1.0, 0.0, 100);

        // Then
        Assert.Equal(0, accountant.GetEpsilon(Delta));
    }

    [Fact]
    public void WouldExceed_AtTheCalibratedBudget_StopsOneBatchOfStepsLater()
    {
        // Given 3,000 steps recorded; ε after 3,750 is 0.8436, after 4,500 clearly more
        var accountant = new PrvAccountant();
        accountant.Step(1.3, 0.004, 3000);

        // When / Then
        Assert.False(accountant.WouldExceed(0.85, Delta, 1.3, 0.004, 750));
        Assert.True(accountant.WouldExceed(0.85, Delta, 1.3, 0.004, 1500));
        Assert.Equal(3000, accountant.Steps);
    }

    [Fact]
    public void Arguments_OutOfRange_AreRefusedWithAMessage()
    {
        Assert.Contains("σ = 0 (no " +
            "noise)", Assert.Throws<ArgumentOutOfRangeException>(() => new PrvAccountant().Step(0, 0.01)).Message);
        Assert.Contains("ε error",
            Assert.Throws<ArgumentOutOfRangeException>(() => new PrvAccountant(epsilonError: 0)).Message);
        Assert.Contains("fraction of " +
            "δ", Assert.Throws<ArgumentOutOfRangeException>(() => new PrvAccountant(relativeDeltaError: 1)).Message);
        Assert.Contains("spend no " +
            "privacy", Assert.Throws<ArgumentException>(() => PrvAccountant.NoiseForEpsilon(1, Delta, 0.004,
                0)).Message);
        Assert.Contains("floating-point error", Assert.Throws<InvalidOperationException>(
            () => PrvAccountant.ComputeEpsilon(1.3, 0.004, 3750, 1e-14)).Message);
    }

    private static double ExactGaussianEpsilon(double mu, double delta)
    {
        double DeltaOf(double e) => Phi(mu / 2 - e / mu) - Math.Exp(e) * Phi(-mu / 2 - e / mu);
        double low = 0, high = 500;
        for (var i = 0; i < 200; i++)
        {
            var mid = 0.5 * (low + high);
            if (DeltaOf(mid) > delta) low = mid; else high = mid;
        }
        return high;
    }

    private static double Phi(double x) => 0.5 * ErrorFunction.Erfc(-x / Math.Sqrt(2));
}
