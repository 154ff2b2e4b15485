using Arcanum.Core.Weights;
using Arcanum.Federated.Algorithms;
using static Arcanum.Federated.Tests.Algorithms.Rounds;
using static Arcanum.Federated.Tests.TestWeights;

namespace Arcanum.Federated.Tests.Algorithms;

/// <summary>
/// Two rounds of each FedOpt variant with η = 1, β1 = 0.5, β2 = 0.5, τ = 0.75, so v starts at
/// τ² = 0.5625. x0 = [0, 1]. Round 1: site A (1 sample) sends [4, 2], site B (3 samples) [0, 0]:
/// Δ1 = [4, 2]/4 − x0 = [1, −0.5]. Round 2: A and B (2 samples each) send x1 + [−2, 1] and
/// x1 + [0, 1]: Δ2 = [−1, 1]. m1 = 0.5·Δ1 = [0.5, −0.25]; m2 = 0.5·m1 + 0.5·Δ2 = [−0.25, 0.375].
/// </summary>
public sealed class FedOptServerTests
{
    private static AlgorithmOptions Options(string kind) =>
        new() { Algorithm = kind, ServerLearningRate = 1, Beta1 = 0.5, Beta2 = 0.5, Tau = 0.75 };

    private static (ModelWeights X1, ModelWeights X2) TwoRounds(IServerStrategy server)
    {
        var x0 = Of([0, 1]);
        var x1 = Run(server, 1, x0, 2, Result("a", 1, Of([4, 2])), Result("b", 3, Of([0, 0])));
        var x1Snapshot = x1.Clone();
        var x2 = Run(server, 2, x1, 2, Result("a", 2, Plus(x1, [-2, 1])), Result("b", 2, Plus(x1, [0, 1])));
        return (x1Snapshot, x2);
    }

    [Fact]
    public void Complete_FedAdagradTwoRounds_AccumulatesSquaredPseudoGradients()
    {
        // Given
        var server = Server(Options("fedadagrad"));

        // When
        var (x1, x2) = TwoRounds(server);

        // Then round 1: v1 = 0.5625 + Δ1² = [1.5625, 0.8125], √v1 = [1.25, 0.9013878]
        //   x1 = x0 + m1/(√v1 + 0.75) = [0 + 0.5/2, 1 − 0.25/1.6513878] = [0.25, 0.8486122]
        AssertValues(x1, [0.25f, 0.8486122f]);
        // round 2: v2 = v1 + Δ2² = [2.5625, 1.8125], √v2 = [1.6007811, 1.3462912]
        //   x2 = x1 + m2/(√v2 + 0.75) = [0.25 − 0.25/2.3507811, 0.8486122 + 0.375/2.0962912] = [0.1436524, 1.0274995]
        AssertValues(x2, [0.1436524f, 1.0274995f]);
    }

    [Fact]
    public void Complete_FedAdamTwoRounds_UsesExponentialSecondMoment()
    {
        // Given
        var server = Server(Options("fedadam"));

        // When
        var (x1, x2) = TwoRounds(server);

        // Then round 1: v1 = 0.5·0.5625 + 0.5·Δ1² = [0.78125, 0.40625], √v1 = [0.8838835, 0.6373774]
        //   x1 = [0.5/1.6338835, 1 − 0.25/1.3873774] = [0.3060194, 0.8198039]
        AssertValues(x1, [0.3060194f, 0.8198039f]);
        // round 2: v2 = 0.5·v1 + 0.5·Δ2² = [0.890625, 0.703125], √v2 = [0.9437293, 0.8385255]
        //   x2 = [0.3060194 − 0.25/1.6937293, 0.8198039 + 0.375/1.5885255] = [0.1584161, 1.0558719]
        AssertValues(x2, [0.1584161f, 1.0558719f]);
    }

    [Fact]
    public void Complete_FedYogiTwoRounds_MovesVByTheSignOfItsGap()
    {
        // Given
        var server = Server(Options("fedyogi"));

        // When
        var (x1, x2) = TwoRounds(server);

        // Then round 1: Δ1² = [1, 0.25]; sign(0.5625 − Δ1²) = [−1, +1]
        //   v1 = 0.5625 − 0.5·Δ1²·sign = [1.0625, 0.4375], √v1 = [1.0307764, 0.6614378]
        //   x1 = [0.5/1.7807764, 1 − 0.25/1.4114378] = [0.2807764, 0.8228757]
        AssertValues(x1, [0.2807764f, 0.8228757f]);
        // round 2: Δ2² = [1, 1]; sign(v1 − 1) = [+1, −1]; v2 = [0.5625, 0.9375], √v2 = [0.75, 0.9682458]
        //   x2 = [0.2807764 − 0.25/1.5, 0.8228757 + 0.375/1.7182458] = [0.1141097, 1.0411215]
        AssertValues(x2, [0.1141097f, 1.0411215f]);
    }

    [Fact]
    public void ExportState_AfterOneRound_HoldsMomentsUnderPrefixedNames()
    {
        // Given FedAdagrad after round 1
        var server = Server(Options("fedadagrad"));
        Run(server, 1, Of([0, 1]), 2, Result("a", 1, Of([4, 2])), Result("b", 3, Of([0, 0])));

        // When
        var state = server.ExportState();

        // Then m1 = [0.5, −0.25], v1 = [1.5625, 0.8125]
        Assert.Equal(["m/w", "v/w"], state.Arrays.Select(a => a.Name));
        AssertValues(state, [0.5f, -0.25f], [1.5625f, 0.8125f]);
    }

    [Fact]
    public void ExportState_BeforeFirstRound_IsEmpty()
    {
        // Given / When
        var state = Server(Options("fedadam")).ExportState();

        // Then
        Assert.Equal(0, state.Count);
    }

    [Fact]
    public void Complete_DefaultOptions_StepIsBoundedByServerLearningRate()
    {
        // Given FedAdam with defaults (η = 0.1, τ = 1e-3) and a large pseudo-gradient of 50
        var server = Server(new AlgorithmOptions { Algorithm = "fedadam" });

        // When
        var x1 = Run(server, 1, Of([0]), 1, Result("a", 1, Of([50])));

        // Then m = 0.1·50 = 5, √v ≈ √(0.01·2500) = 5, so the step is ≈ η = 0.1, not 50
        AssertValues(x1, 1e-3, [0.1f]);
    }
}
