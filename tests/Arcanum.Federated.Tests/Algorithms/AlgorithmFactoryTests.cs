using Arcanum.Federated.Algorithms;

namespace Arcanum.Federated.Tests.Algorithms;

public sealed class AlgorithmFactoryTests
{
    [Fact]
    public void CreateServer_EveryKind_IsNamedByItsCliName()
    {
        // Given / When / Then
        foreach (var kind in AlgorithmRegistry.Names)
            Assert.Equal(kind, AlgorithmRegistry.CreateServer(new AlgorithmOptions { Algorithm = kind }).Name);
    }

    [Fact]
    public void CreateServer_InvalidOptions_Throws()
    {
        // Given / When / Then
        Assert.Throws<ArgumentException>(() => AlgorithmRegistry.CreateServer(new AlgorithmOptions { Tau = -1 }));
        Assert.Throws<ArgumentException>(() => AlgorithmRegistry.CreateClient(new AlgorithmOptions { Tau = -1 }));
    }

    [Fact]
    public void CreateClient_EveryKind_StartsWithoutState()
    {
        // Given / When / Then
        foreach (var kind in AlgorithmRegistry.Names)
            Assert.Equal(0, AlgorithmRegistry.CreateClient(new AlgorithmOptions { Algorithm = kind }).ExportState().Count);
    }
}
