using Arcanum.Federated.Algorithms;

namespace Arcanum.Federated.Tests.Algorithms;

public sealed class AlgorithmOptionsTests
{
    [Fact]
    public void Validate_Defaults_Pass()
    {
        // Given / When / Then
        new AlgorithmOptions().Validate();
    }

    [Theory]
    [InlineData("fedavg", 1.0)]
    [InlineData("fedavgm", 1.0)]
    [InlineData("scaffold", 1.0)]
    [InlineData("fedadam", 0.1)]
    [InlineData("fedyogi", 0.1)]
    [InlineData("fedadagrad", 0.1)]
    public void EffectiveServerLearningRate_Unset_IsAlgorithmDefault(string kind, double expected)
    {
        // Given
        var options = new AlgorithmOptions { Algorithm = kind };

        // When / Then
        Assert.Equal(expected, options.EffectiveServerLearningRate);
    }

    [Fact]
    public void EffectiveServerLearningRate_Set_IsThatValue()
    {
        // Given / When / Then
        Assert.Equal(0.3, new AlgorithmOptions { Algorithm = "fedadam", ServerLearningRate = 0.3 }.EffectiveServerLearningRate);
    }

    [Fact]
    public void Validate_NegativeMu_ThrowsExplainingMu()
    {
        // Given
        var options = new AlgorithmOptions { Algorithm = "fedprox", ProximalMu = -0.1 };

        // When
        var error = Assert.Throws<ArgumentException>(options.Validate);

        // Then
        Assert.Contains("mu", error.Message);
        Assert.Contains("-0.1", error.Message);
    }

    public static TheoryData<AlgorithmOptions, string> InvalidOptions => new()
    {
        { new AlgorithmOptions { ServerLearningRate = 0 }, "server learning rate" },
        { new AlgorithmOptions { ServerLearningRate = double.NaN }, "server learning rate" },
        { new AlgorithmOptions { ServerMomentum = 1 }, "momentum" },
        { new AlgorithmOptions { Beta1 = -0.1 }, "Beta1" },
        { new AlgorithmOptions { Beta2 = 1 }, "Beta2" },
        { new AlgorithmOptions { Tau = 0 }, "Tau" },
        { new AlgorithmOptions { ProximalMu = double.PositiveInfinity }, "mu" },
        { new AlgorithmOptions { Algorithm = "fedsgd" }, "fedavg" },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Validate_OutOfRange_ThrowsNamingTheSetting(AlgorithmOptions options, string expectedInMessage)
    {
        // Given / When
        var error = Assert.Throws<ArgumentException>(options.Validate);

        // Then
        Assert.Contains(expectedInMessage, error.Message);
    }
}
