using Arcanum.Federated.Algorithms;
using static Arcanum.Federated.Tests.Algorithms.Rounds;
using static Arcanum.Federated.Tests.TestWeights;

namespace Arcanum.Federated.Tests.Algorithms;

public sealed class FedAvgMServerTests
{
    [Fact]
    public void Complete_TwoRounds_AppliesServerMomentum()
    {
        // Given η = 2, β = 0.5 and x0 = [0, 1]
        var server = Server(new AlgorithmOptions { Algorithm = "fedavgm", ServerLearningRate = 2, ServerMomentum = 0.5 });

        // When round 1 has Δ1 = ([4, 2] + 3·[0, 0])/4 − x0 = [1, −0.5] and round 2 has Δ2 = [−1, 1]
        var x1 = Run(server, 1, Of([0, 1]), 2, Result("a", 1, Of([4, 2])), Result("b", 3, Of([0, 0])));
        var x1Values = x1.Clone();
        var x2 = Run(server, 2, x1, 2, Result("a", 1, Plus(x1, [-1, 1])));

        // Then m1 = Δ1 = [1, −0.5], x1 = x0 + 2·m1 = [2, 0]
        AssertValues(x1Values, [2, 0]);
        // m2 = 0.5·m1 + Δ2 = [−0.5, 0.75], x2 = x1 + 2·m2 = [1, 1.5]
        AssertValues(x2, [1, 1.5f]);
        AssertValues(server.ExportState(), [-0.5f, 0.75f]);
    }

    [Fact]
    public void Complete_NoMomentumUnitRate_EqualsFedAvg()
    {
        // Given FedAvgM with β = 0 and η = 1
        var server = Server(new AlgorithmOptions { Algorithm = "fedavgm", ServerMomentum = 0 });

        // When
        var next = Run(server, 1, Of([1, 1, 1]), 2, Result("a", 1, Of([1, 2, 3])), Result("b", 3, Of([5, 6, 7])));

        // Then the FedAvg mean [4, 5, 6]
        AssertValues(next, [4, 5, 6]);
    }
}
