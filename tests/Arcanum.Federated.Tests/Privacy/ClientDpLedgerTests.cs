using Arcanum.Federated.Privacy;

namespace Arcanum.Federated.Tests.Privacy;

public sealed class ClientDpLedgerTests
{
    private static readonly ClientDpOptions Options = new() { NoiseMultiplier = 1.0, ClipNorm = 0.5, Accountant = "rdp" };

    [Fact]
    public void Restore_AfterARestart_GivesTheSameEpsilonAndClipNormAndKeepsCounting()
    {
        // Given a ledger of three rounds, one with less noise (a dropout under distributed noise) and a moving clip norm
        var before = new ClientDpLedger(Options);
        before.Record(1, 1.0, 4, 5, 0.6);
        before.Record(2, 0.8, 4, 5, 0.7);
        before.Record(3, 1.0, 5, 5, 0.65);

        // When it is saved and restored, and both count a fourth round
        var after = ClientDpLedger.Restore(Options, before.ToJson(), 3);
        var e1 = before.Record(4, 1.0, 5, 5, 0.6);
        var e2 = after.Record(4, 1.0, 5, 5, 0.6);

        // Then nothing was forgotten
        Assert.Equal(e1, e2, 12);
        Assert.Equal(0.6, after.ClipNorm);
        Assert.Equal(4, after.Rounds.Count);
        Assert.True(e1 > ClientDpAccounting.Epsilon("rdp", 1.0, 4, 5, 4, Options.Delta), "the σ 0.8 round must cost more than a σ 1 one");
    }

    [Fact]
    public void Restore_LedgerAheadOfTheCommittedRounds_StillCountsTheUncommittedRound()
    {
        // Given a ledger written for round 3 whose commit never happened (the server died in between): its noisy result existed
        var ledger = new ClientDpLedger(Options);
        for (var round = 1; round <= 3; round++) ledger.Record(round, 1.0, 5, 5, 0.5);

        // When the server resumes after round 2 and runs round 3 again
        var restored = ClientDpLedger.Restore(Options, ledger.ToJson(), 2);
        var epsilon = restored.Record(3, 1.0, 5, 5, 0.5);

        // Then both runs of round 3 are charged: ε is that of four rounds, never understated
        Assert.Equal(ClientDpAccounting.Epsilon("rdp", 1.0, 5, 5, 4, Options.Delta), epsilon, 9);
    }

    [Theory]
    [InlineData("""{"rounds":[]}""", "records 0 rounds but not round 1")]
    [InlineData("not json", "unreadable")]
    public void Restore_LedgerBehindOrDamaged_RefusesRatherThanUnderstateEpsilon(string json, string reason)
    {
        var error = Assert.Throws<InvalidDataException>(() => ClientDpLedger.Restore(Options, json, 2));

        Assert.Contains(reason, error.Message);
        Assert.Contains("cannot be stated", error.Message);
    }
}
