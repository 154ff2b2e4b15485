namespace Arcanum.Risk.Tests;

public sealed class RiskVerdictTests
{
    [Fact]
    public void Judge_TenAnonymousLowAverage_PublicReleaseMet()
    {
        var verdict = RiskVerdict.Judge(new AttackerRisk(0.05, 0.02, []));

        Assert.All(verdict.Tiers, t => Assert.True(t.Met));
        Assert.StartsWith("Meets the public release threshold", verdict.Summary);
    }

    [Fact]
    public void Judge_ThreeAnonymous_NonPublicAndSaysWhyNotPublic()
    {
        var verdict = RiskVerdict.Judge(new AttackerRisk(1 / 3.0, 0.04, []));

        Assert.Equal([false, true, true], verdict.Tiers.Select(t => t.Met));
        Assert.Equal(
            "Meets the non-public release threshold: it may go to a named recipient under a data-sharing agreement; " +
            "it does not meet the public release threshold (highest risk 0.333 is above 0.09).",
            verdict.Summary);
    }

    [Fact]
    public void Judge_HighestWithinButAverageAbove_NotMet()
    {
        var verdict = RiskVerdict.Judge(new AttackerRisk(0.3, 0.08, []));

        var nonPublic = verdict.Tiers.Single(t => t.Name == "non-public release");
        Assert.False(nonPublic.Met);
        Assert.Equal("average risk 0.08 is above 0.05", nonPublic.Reason);
    }

    [Fact]
    public void Judge_SampleUniques_NotSafeInAnyTier()
    {
        var verdict = RiskVerdict.Judge(new AttackerRisk(1, 0.4, []));

        Assert.DoesNotContain(verdict.Tiers, t => t.Met);
        Assert.StartsWith(
            "Not safe to release in any tier: a record can be re-identified with probability up to 1", verdict.Summary);
    }
}
