using Arcanum.Core.Privacy;

namespace Arcanum.Core.Tests.Privacy;

public sealed class RdpAccountantTests
{
    private const double Delta = 1e-5;

    [Fact]
    public void GetEpsilon_OpacusMnistExample_Is0922AtOrder17()
    {
        // Given the Opacus MNIST example: σ = 1.3, q = 0.004 (batch ≈ 240 of 60,000), 3,750 steps (15 epochs).
        // Expected ε = 0.9220 at α = 17: shared/reference/privacy_anchors.md §4b, computed with Opacus'
        // own RDP accountant (Balle et al. 2020 conversion); PRODUCT.md quotes it as "about 0.92 (RDP)".
        var accountant = new RdpAccountant();

        // When
        accountant.Step(noiseMultiplier: 1.3, sampleRate: 0.004, steps: 3750);
        var (epsilon, order) = accountant.GetEpsilon(Delta);

        // Then
        Assert.Equal(0.9220, epsilon, 1e-4);
        Assert.Equal(17.0, order);
        Assert.Equal(3750, accountant.Steps);
    }

    // privacy_anchors.md §4b: every row computed with Opacus' RDP accountant (numpy 1.24 / scipy 1.10).
    [Theory]
    [InlineData(1.3, 0.004, 3750, 1e-5, 0.9220, 17.0)] // MNIST README, 15 epochs
    [InlineData(1.1, 0.004, 15000, 1e-5, 2.5029, 8.4)] // MNIST README, 60 epochs
    [InlineData(0.7, 0.004, 11250, 1e-5, 6.0925, 3.8)] // MNIST README, 45 epochs
    [InlineData(1.1, 0.01, 10000, 1e-5, 5.6320, 4.7)] // Abadi et al.-like
    [InlineData(3.0, 0.08192, 2000, 1e-5, 6.2390, 4.5)] // CIFAR-like, batch 4096 of 50,000
    [InlineData(1.0, 1.0, 1, 1e-5, 4.7285, 5.4)] // full batch, one step
    [InlineData(0.8, 0.001, 100000, 1e-6, 3.1878, 7.4)] // small q, long run
    public void ComputeEpsilon_OpacusTestVectors_MatchToFourDecimals(
        double sigma, double q, long steps, double delta, double expected, double order)
    {
        // When
        var spent = RdpAccountant.ComputeEpsilon(sigma, q, steps, delta);

        // Then
        Assert.Equal(expected, spent.Epsilon, 1e-4);
        Assert.Equal(order, spent.BestOrder);
    }

    [Fact]
    public void GetEpsilon_BeforeAnyStep_IsZero()
    {
        var accountant = new RdpAccountant();

        Assert.Equal(0.0, accountant.GetEpsilon(Delta).Epsilon);
        Assert.Equal(0, accountant.Steps);
    }

    [Fact]
    public void Step_SplitIntoParts_EqualsOneCall()
    {
        // Given
        var parts = new RdpAccountant();
        var whole = new RdpAccountant();

        // When
        parts.Step(1.3, 0.004, 1000);
        parts.Step(1.3, 0.004, 2750);
        whole.Step(1.3, 0.004, 3750);

        // Then composition is exact, not merely close
        Assert.Equal(whole.GetEpsilon(Delta), parts.GetEpsilon(Delta));
        Assert.Equal(whole.GetRdp(), parts.GetRdp());
        Assert.Equal(whole.Steps, parts.Steps);
    }

    [Fact]
    public void Step_MixedSettings_AddsRdpCurves()
    {
        // Given two phases with different noise and batch size
        var accountant = new RdpAccountant();
        accountant.Step(1.3, 0.004, 1000);
        accountant.Step(0.9, 0.01, 500);
        accountant.Step(1.3, 0.004, 250);

        // When
        var rdp = accountant.GetRdp();

        // Then
        var first = SampledGaussianRdp.Compute(1.3, 0.004, accountant.Orders);
        var second = SampledGaussianRdp.Compute(0.9, 0.01, accountant.Orders);
        for (var k = 0; k < rdp.Length; k++)
            Assert.Equal(1250 * first[k] + 500 * second[k], rdp[k], rdp[k] * 1e-12);
        Assert.Equal(1750, accountant.Steps);
        var (epsilon, _) = accountant.GetEpsilon(Delta);
        Assert.True(epsilon > RdpAccountant.ComputeEpsilon(1.3, 0.004, 1250, Delta).Epsilon);
        Assert.True(epsilon > RdpAccountant.ComputeEpsilon(0.9, 0.01, 500, Delta).Epsilon);
    }

    [Fact]
    public void ComputeEpsilon_MoreSteps_SpendsMore()
    {
        var previous = 0.0;
        foreach (var steps in new long[] { 1, 10, 100, 1000, 3750, 10000, 100000 })
        {
            var epsilon = RdpAccountant.ComputeEpsilon(1.3, 0.004, steps, Delta).Epsilon;
            Assert.True(epsilon > previous, $"ε did not grow at {steps} steps");
            previous = epsilon;
        }
    }

    [Fact]
    public void ComputeEpsilon_LargerSampleRate_SpendsMore()
    {
        var previous = 0.0;
        foreach (var q in new[] { 0.0005, 0.001, 0.004, 0.01, 0.05, 0.2, 0.6, 1.0 })
        {
            var epsilon = RdpAccountant.ComputeEpsilon(1.3, q, 1000, Delta).Epsilon;
            Assert.True(epsilon > previous, $"ε did not grow at q = {q}");
            previous = epsilon;
        }
    }

    [Fact]
    public void ComputeEpsilon_MoreNoise_SpendsLess()
    {
        var previous = double.PositiveInfinity;
        foreach (var sigma in new[] { 0.5, 0.7, 1.0, 1.3, 2.0, 5.0, 20.0 })
        {
            var epsilon = RdpAccountant.ComputeEpsilon(sigma, 0.004, 3750, Delta).Epsilon;
            Assert.True(epsilon < previous, $"ε did not fall at σ = {sigma}");
            previous = epsilon;
        }
    }

    [Theory]
    [InlineData(1.0, 0.004, 3750)]
    [InlineData(3.0, 0.01, 10000)]
    [InlineData(8.0, 256.0 / 50000, 17550)]
    [InlineData(0.5, 0.02, 500)]
    public void NoiseForEpsilon_RoundTripsThroughComputeEpsilon(double target, double q, long steps)
    {
        // When
        var sigma = RdpAccountant.NoiseForEpsilon(target, Delta, q, steps);

        // Then σ meets the target, and a hair less noise would not
        Assert.InRange(RdpAccountant.ComputeEpsilon(sigma, q, steps, Delta).Epsilon, target - 1e-4, target);
        Assert.True(RdpAccountant.ComputeEpsilon(sigma * (1 - 1e-5), q, steps, Delta).Epsilon > target);
    }

    [Theory]
    // privacy_anchors.md §4b: Opacus' get_noise_multiplier (bisection until ε is within 0.01 below target)
    [InlineData(1.0, 0.004, 3750, 1.2451)]
    [InlineData(8.0, 256.0 / 50000, 17550, 0.7559)]
    public void NoiseForEpsilon_OpacusCalibration_IsAtMostOpacusSigma(double target, double q, long steps, double opacusSigma)
    {
        // When
        var sigma = RdpAccountant.NoiseForEpsilon(target, Delta, q, steps);

        // Then Opacus stops up to 0.01 in ε early, so its σ lands within that band above ours
        Assert.InRange(RdpAccountant.ComputeEpsilon(opacusSigma, q, steps, Delta).Epsilon, target - 0.01, target);
        Assert.InRange(sigma, opacusSigma * 0.98, opacusSigma);
    }

    [Fact]
    public void NoiseForEpsilon_BelowConversionFloor_ThrowsWithMessage()
    {
        // ε = 0.05 at δ = 1e-5 is below what the conversion costs at α ≤ 63 even with no data used (≈ 0.1)
        var ex = Assert.Throws<ArgumentException>(() => RdpAccountant.NoiseForEpsilon(0.05, Delta, 0.004, 3750));

        Assert.Contains("cannot be reached", ex.Message);
    }

    [Fact]
    public void WouldExceed_TrainingLoop_StopsAtLastStepWithinBudget()
    {
        // Given a training loop that asks before each step, with budget ε = 0.9 at δ = 1e-5
        var accountant = new RdpAccountant();
        const double budget = 0.9;

        // When
        while (!accountant.WouldExceed(budget, Delta, 1.3, 0.004))
            accountant.Step(1.3, 0.004);

        // Then it stopped within budget, and one more step would have crossed it
        Assert.True(accountant.GetEpsilon(Delta).Epsilon <= budget);
        Assert.True(RdpAccountant.ComputeEpsilon(1.3, 0.004, accountant.Steps + 1, Delta).Epsilon > budget);
        Assert.InRange(accountant.Steps, 3000, 3749); // fewer than the 3,750 steps that cost 0.922
    }

    [Fact]
    public void WouldExceed_DoesNotRecordSteps()
    {
        var accountant = new RdpAccountant();
        accountant.Step(1.3, 0.004, 100);

        Assert.True(accountant.WouldExceed(0.5, Delta, 1.3, 0.004, extraSteps: 100_000));
        Assert.Equal(100, accountant.Steps);
        Assert.Equal(RdpAccountant.ComputeEpsilon(1.3, 0.004, 100, Delta), accountant.GetEpsilon(Delta));
    }

    [Fact]
    public void InvalidArguments_ThrowWithMessagesNamingTheSetting()
    {
        var accountant = new RdpAccountant();

        AssertRejects("noiseMultiplier", "noise multiplier σ must be a positive", () => accountant.Step(0, 0.004));
        AssertRejects("noiseMultiplier", "noise multiplier σ must be a positive", () => accountant.Step(double.PositiveInfinity, 0.004));
        AssertRejects("sampleRate", "sampling rate q", () => accountant.Step(1.3, 1.01));
        AssertRejects("sampleRate", "sampling rate q", () => accountant.Step(1.3, double.NaN));
        AssertRejects("steps", "non-negative", () => accountant.Step(1.3, 0.004, -1));
        AssertRejects("delta", "δ must be in (0, 1)", () => accountant.GetEpsilon(0));
        AssertRejects("delta", "δ must be in (0, 1)", () => RdpAccountant.ComputeEpsilon(1.3, 0.004, 10, 1.0));
        AssertRejects("steps", "non-negative", () => RdpAccountant.ComputeEpsilon(1.3, 0.004, -5, Delta));
        AssertRejects("targetEpsilon", "target ε must be a positive", () => RdpAccountant.NoiseForEpsilon(0, Delta, 0.004, 10));
        AssertRejects("targetEpsilon", "target ε must be a positive", () => accountant.WouldExceed(-1, Delta, 1.3, 0.004));
        AssertRejects("extraSteps", "non-negative", () => accountant.WouldExceed(1, Delta, 1.3, 0.004, -1));
        Assert.Contains("spend no privacy", Assert.Throws<ArgumentException>(() => RdpAccountant.NoiseForEpsilon(1, Delta, 0, 10)).Message);
        Assert.Contains("greater than 1", Assert.Throws<ArgumentOutOfRangeException>(() => new RdpAccountant([1.0, 2.0])).Message);
        Assert.Equal(0, accountant.Steps);
    }

    private static void AssertRejects(string parameter, string message, Action call)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(call);
        Assert.Equal(parameter, ex.ParamName);
        Assert.Contains(message, ex.Message);
    }
}
