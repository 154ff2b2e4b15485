using Arcanum.Core.Learning;
using Arcanum.Core.Privacy;
using Arcanum.Federated.Privacy;

namespace Arcanum.Federated.Tests.Privacy;

public sealed class SiteDpLedgerTests
{
    private static SiteDpLedger Ledger(int rounds = 4) =>
        SiteDpLedger.For(new SampleDpOptions { Epsilon = 2, Delta = 1e-5 }, rows: 1000, new TrainingOptions { BatchSize = 50, Epochs = 1 }, rounds)!;

    private static void RunPlannedRound(SiteDpLedger ledger) =>
        ledger.Record(new SampleDpUsage(ledger.Plan.NoiseMultiplier, ledger.Plan.SampleRate, ledger.Plan.StepsPerRound, ledger.Plan.Options.Clip));

    [Fact]
    public void For_NoDp_IsNull()
    {
        Assert.Null(SiteDpLedger.For(null, 1000, new TrainingOptions(), 4));
    }

    [Fact]
    public void Epsilon_AfterThePlannedRounds_ReachesTheJobsBudgetAndEqualsTheAccountant()
    {
        // Given a site planned for 4 rounds of 20 steps at q = 0.05
        var ledger = Ledger();
        Assert.Equal(0, ledger.Epsilon);

        // When it trains the 4 rounds
        for (var r = 0; r < 4; r++)
        {
            ledger.EnsureRoomForAnotherRound("a");
            RunPlannedRound(ledger);
        }

        // Then it has spent the job's ε (within the calibration's 0.01), as the RDP accountant computes it
        Assert.InRange(ledger.Epsilon, 1.98, 2.01);
        Assert.Equal(RdpAccountant.ComputeEpsilon(ledger.Plan.NoiseMultiplier, 0.05, 80, 1e-5).Epsilon, ledger.Epsilon, 9);
    }

    [Fact]
    public void EnsureRoomForAnotherRound_BeyondThePlan_RefusesSayingWhatWasSpent()
    {
        // Given a site that trained every planned round (a retried round is one more run)
        var ledger = Ledger();
        for (var r = 0; r < 4; r++) RunPlannedRound(ledger);

        // When another round is asked for
        var e = Assert.Throws<PrivacyBudgetException>(() => ledger.EnsureRoomForAnotherRound("hospital-a"));

        // Then it refuses, naming the site, the spend and the budget
        Assert.Contains("site 'hospital-a' has spent ε 2.00 of the job's 2", e.Message);
        Assert.Contains("takes no further part", e.Message);
    }

    [Fact]
    public void RestoreRuns_AfterARestart_KeepsCounting()
    {
        // Given a site that trained two rounds and saved its ledger
        var before = Ledger();
        RunPlannedRound(before);
        RunPlannedRound(before);

        // When a restarted process restores it
        var after = Ledger();
        after.RestoreRuns(before.RunsJson());

        // Then it has spent the same, not zero
        Assert.Equal(2, after.Runs.Count);
        Assert.Equal(before.Epsilon, after.Epsilon, 12);
        Assert.True(after.Epsilon > 0.5);
    }
}
