using Arcanum.Federated.Privacy;

namespace Arcanum.Federated.Tests.Privacy;

public sealed class ClientDpOptionsTests
{
    [Fact]
    public void Validate_Defaults_Pass() => new ClientDpOptions().Validate();

    [Fact]
    public void Validate_NoNoise_RefusedUnlessExplicitlyAllowed()
    {
        // Given σ = 0
        var options = new ClientDpOptions { NoiseMultiplier = 0 };

        // When / Then: refused with the reason, and allowed only on purpose
        Assert.Contains("ε is infinite", Assert.Throws<ArgumentException>(options.Validate).Message);
        (options with { AllowInfiniteEpsilon = true }).Validate();
    }

    [Theory]
    [InlineData(-1.0, 1.0, 1e-5, "prv", "noise_multiplier must be a finite number")]
    [InlineData(1.0, 0.0, 1e-5, "prv", "clip_norm must be a positive")]
    [InlineData(1.0, 1.0, 0.0, "prv", "delta must be in (0, 1)")]
    [InlineData(1.0, 1.0, 1e-5, "gdp", "accountant 'gdp' is unknown")]
    public void Validate_BadSetting_SaysWhatToChange(double sigma, double clip, double delta, string accountant,
        string message)
    {
        var options = new ClientDpOptions { NoiseMultiplier = sigma, ClipNorm = clip, Delta = delta,
            Accountant = accountant };
        Assert.Contains(message, Assert.Throws<ArgumentException>(options.Validate).Message);
    }

    [Fact]
    public void Validate_AdaptiveWithoutCountNoise_AsksForIt()
    {
        var options = new ClientDpOptions { AdaptiveClipping = true };
        Assert.Contains("clipped_count_stddev > 0", Assert.Throws<ArgumentException>(options.Validate).Message);
    }

    [Fact]
    public void Validate_AdaptiveCountNoiseAtHalfSigma_SpendsTheWholeBudget()
    {
        // Given ten sites per round: Andrew et al.'s m/20 = 0.5 is exactly σ/2 at σ = 1
        var options = new ClientDpOptions { AdaptiveClipping = true, ClippedCountStddev = 0.5 };

        // When / Then
        Assert.Contains("spends the whole budget", Assert.Throws<ArgumentException>(options.Validate).Message);
        (options with { ClippedCountStddev = 1.0 }).Validate();
    }

    [Theory]
    [InlineData(0.0, 0.2, "target_unclipped_quantile")]
    [InlineData(1.0, 0.2, "target_unclipped_quantile")]
    [InlineData(0.5, 0.0, "clip_learning_rate")]
    public void Validate_AdaptiveBadQuantileOrRate_Refused(double gamma, double eta, string field)
    {
        var options = new ClientDpOptions { AdaptiveClipping = true, ClippedCountStddev = 1,
            TargetUnclippedQuantile = gamma, ClipLearningRate = eta };
        Assert.Contains(field, Assert.Throws<ArgumentException>(options.Validate).Message);
    }
}
