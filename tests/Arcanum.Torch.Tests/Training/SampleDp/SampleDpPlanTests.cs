using Arcanum.Core.Learning;
using Arcanum.Core.Privacy;

namespace Arcanum.Torch.Tests.Training.SampleDp;

/// <summary>The site's budget for a job: steps, sampling rate, and σ calibrated to the job's ε.</summary>
public sealed class SampleDpPlanTests
{
    [Theory]
    [InlineData(100, 32, 4, 0.25)]
    [InlineData(64, 32, 2, 0.5)]
    [InlineData(10, 32, 1, 1.0)]
    [InlineData(10_000, 64, 157, 1.0 / 157)]
    public void StepsPerEpoch_IsRowsOverBatchRoundedUp_AndRateItsInverse(int rows, int batch, int steps, double rate)
    {
        // Given / When / Then
        Assert.Equal(steps, SampleDpPlan.StepsPerEpoch(rows, batch));
        Assert.Equal(rate, SampleDpPlan.SampleRateFor(rows, batch), 15);
    }

    [Fact]
    public void Calibrate_SpreadsTheJobsEpsilonOverAllRounds()
    {
        // Given ε = 3, δ = 1e-5 over 10 rounds of 1 epoch on 10,000 rows in batches of 64
        var options = new SampleDpOptions { Epsilon = 3, Delta = 1e-5, Clip = 1.0 };

        // When
        var plan = SampleDpPlan.Calibrate(options, rows: 10_000, batchSize: 64, epochsPerRound: 1, rounds: 10);

        // Then σ is the accountant's calibration for 1570 steps at q = 1/157
        Assert.Equal(157, plan.StepsPerRound);
        Assert.Equal(1570, plan.TotalSteps);
        Assert.Equal(RdpAccountant.NoiseForEpsilon(3, 1e-5, 1.0 / 157, 1570), plan.NoiseMultiplier);
        Assert.InRange(plan.Projected.Epsilon, 2.999, 3.0);
        Assert.Equal(new SampleDpSettings(plan.NoiseMultiplier, 1.0), plan.Settings);
    }

    [Fact]
    public void Calibrate_MoreRounds_NeedMoreNoise()
    {
        // Given / When
        var few = SampleDpPlan.Calibrate(new SampleDpOptions(), 1000, 32, 1, rounds: 2);
        var many = SampleDpPlan.Calibrate(new SampleDpOptions(), 1000, 32, 1, rounds: 50);

        // Then
        Assert.True(many.NoiseMultiplier > few.NoiseMultiplier * 1.5,
            $"{few.NoiseMultiplier} vs {many.NoiseMultiplier}");
    }

    [Theory]
    [InlineData(0, 1e-5, 1.0, "epsilon must be a positive finite number; got 0")]
    [InlineData(double.PositiveInfinity, 1e-5, 1.0, "epsilon must be a positive finite number")]
    [InlineData(3, 0, 1.0, "delta must be in (0, 1)")]
    [InlineData(3, 1e-5, -1, "clipping norm must be a positive finite number; got -1")]
    [InlineData(3, 1e-5, double.NaN, "clipping norm must be a positive finite number; got NaN")]
    public void Validate_BadSetting_SaysWhichAndWhy(double epsilon, double delta, double clip, string message)
    {
        // Given
        var options = new SampleDpOptions { Epsilon = epsilon, Delta = delta, Clip = clip };

        // When
        var error = Assert.Throws<ArgumentException>(options.Validate);

        // Then
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Calibrate_DeltaNotBelowOneOverRows_IsRefused()
    {
        // Given δ = 1e-3 for a site with 2,000 rows (1/rows = 5e-4)
        var options = new SampleDpOptions { Delta = 1e-3 };

        // When
        var error = Assert.Throws<ArgumentException>(() => SampleDpPlan.Calibrate(options, 2000, 32, 1, 5));

        // Then
        Assert.Contains("delta 0.001 is not below 1 / 2000 rows", error.Message);
    }

    [Theory]
    [InlineData(0, 1, "Local epochs must be at least 1")]
    [InlineData(1, 0, "at least one round")]
    public void Calibrate_NoStepsPlanned_IsRefused(int epochs, int rounds, string message)
    {
        // Given / When
        var error = Assert.Throws<ArgumentException>(() =>
            SampleDpPlan.Calibrate(new SampleDpOptions(), 1000, 32, epochs, rounds));

        // Then
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Calibrate_UnreachableEpsilon_IsRefusedWithTheFloor()
    {
        // Given ε = 0.01 at δ = 1e-9 with full batches: the RDP conversion alone costs more
        var options = new SampleDpOptions { Epsilon = 0.01, Delta = 1e-9 };

        // When
        var error = Assert.Throws<ArgumentException>(() => SampleDpPlan.Calibrate(options, 1000, 1000, 100, 100));

        // Then
        Assert.Contains("cannot be reached", error.Message);
    }

    [Fact]
    public void Settings_Validate_RefusesZeroNoise()
    {
        // Given / When
        var error = Assert.Throws<ArgumentException>(new SampleDpSettings(0, 1).Validate);

        // Then
        Assert.Contains("Without noise there is no differential privacy", error.Message);
    }
}
