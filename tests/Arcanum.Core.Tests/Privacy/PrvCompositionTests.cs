using Arcanum.Core.Privacy;

namespace Arcanum.Core.Tests.Privacy;

public sealed class PrvCompositionTests
{
    [Fact]
    public void EpsilonAt_TwoPointLoss_SolvesTheHockeyStickByHand()
    {
        // Given privacy loss 0 or 1 with probability ½ each: δ(ε) = ½(1 − e^(ε−1)) for 0 ≤ ε < 1,
        // so δ = 0.25 needs e^(ε−1) = ½, ε = 1 − ln 2
        double[] pmf = [0.5, 0.5];

        // When
        var epsilon = PrvComposition.EpsilonAt(pmf, start: 0, h: 1, targetDelta: 0.25);

        // Then
        Assert.Equal(1 - Math.Log(2), epsilon, 1e-12);
    }

    [Fact]
    public void EpsilonAt_DeltaAboveTotalVariation_IsZero()
    {
        // Given the same loss: δ(0) = ½(1 − e^−1) ≈ 0.316 is the most any ε ≥ 0 can cost
        double[] pmf = [0.5, 0.5];

        // When / Then: a δ of 0.4 is met at ε = 0
        Assert.Equal(0, PrvComposition.EpsilonAt(pmf, start: 0, h: 1, targetDelta: 0.4));
    }
}
