using Arcanum.Federated.Algorithms;

namespace Arcanum.Federated.Tests.Algorithms;

public sealed class AlgorithmFactoryTests
{
    [Fact]
    public void CreateServer_EveryKind_IsNamedByItsCliName()
    {
        // Given / When / Then
        foreach (var kind in Enum.GetValues<AlgorithmKind>())
            Assert.Equal(AlgorithmKindNames.ToName(kind), AlgorithmFactory.CreateServer(new AlgorithmOptions { Kind = kind }).Name);
    }

    [Fact]
    public void CreateServer_InvalidOptions_Throws()
    {
        // Given / When / Then
        Assert.Throws<ArgumentException>(() => AlgorithmFactory.CreateServer(new AlgorithmOptions { Tau = -1 }));
        Assert.Throws<ArgumentException>(() => AlgorithmFactory.CreateClient(new AlgorithmOptions { Tau = -1 }));
    }

    [Fact]
    public void CreateClient_EveryKind_StartsWithoutState()
    {
        // Given / When / Then
        foreach (var kind in Enum.GetValues<AlgorithmKind>())
            Assert.Equal(0, AlgorithmFactory.CreateClient(new AlgorithmOptions { Kind = kind }).ExportState().Count);
    }
}
