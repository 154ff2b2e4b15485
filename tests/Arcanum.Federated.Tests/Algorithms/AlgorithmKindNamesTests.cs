using Arcanum.Federated.Algorithms;

namespace Arcanum.Federated.Tests.Algorithms;

public sealed class AlgorithmKindNamesTests
{
    [Theory]
    [InlineData("fedavg", AlgorithmKind.FedAvg)]
    [InlineData("fedprox", AlgorithmKind.FedProx)]
    [InlineData("fedadam", AlgorithmKind.FedAdam)]
    [InlineData("fedyogi", AlgorithmKind.FedYogi)]
    [InlineData("fedadagrad", AlgorithmKind.FedAdagrad)]
    [InlineData("fedavgm", AlgorithmKind.FedAvgM)]
    [InlineData("scaffold", AlgorithmKind.Scaffold)]
    [InlineData(" FedAdam ", AlgorithmKind.FedAdam)]
    public void Parse_CliName_ReturnsKind(string name, AlgorithmKind expected)
    {
        // Given / When / Then
        Assert.Equal(expected, AlgorithmKindNames.Parse(name));
    }

    [Fact]
    public void Parse_UnknownName_ThrowsListingValidNames()
    {
        // Given / When
        var error = Assert.Throws<ArgumentException>(() => AlgorithmKindNames.Parse("fedsgd"));

        // Then
        Assert.Contains("'fedsgd'", error.Message);
        Assert.Contains("fedavg, fedprox, fedadam, fedyogi, fedadagrad, fedavgm, scaffold", error.Message);
    }

    [Fact]
    public void ToName_EveryKind_RoundTripsThroughParse()
    {
        // Given / When / Then
        foreach (var kind in Enum.GetValues<AlgorithmKind>())
            Assert.Equal(kind, AlgorithmKindNames.Parse(AlgorithmKindNames.ToName(kind)));
    }
}
