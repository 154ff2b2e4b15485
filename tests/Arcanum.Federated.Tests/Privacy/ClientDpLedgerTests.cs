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
        before.Record(1.0, 4, 5, 0.6);
        before.Record(0.8, 4, 5, 0.7);
        before.Record(1.0, 5, 5, 0.65);

        // When it is saved and restored, and both count a fourth round
        var after = ClientDpLedger.Restore(Options, before.ToJson(), 3);
        var e1 = before.Record(1.0, 5, 5, 0.6);
        var e2 = after.Record(1.0, 5, 5, 0.6);

        // Then nothing was forgotten
        Assert.Equal(e1, e2, 12);
        Assert.Equal(0.6, after.ClipNorm);
        Assert.Equal(4, after.Rounds.Count);
        Assert.True(e1 > ClientDpAccounting.Epsilon("rdp", 1.0, 4, 5, 4, Options.Delta), "the σ 0.8 round must cost more than a σ 1 one");
    }

    [Fact]
    public void Restore_LedgerAheadOfTheCommittedRounds_KeepsOnlyTheCommittedOnes()
    {
        // Given a ledger written for round 3 whose commit never happened (the server died in between)
        var ledger = new ClientDpLedger(Options);
        for (var i = 0; i < 3; i++) ledger.Record(1.0, 5, 5, 0.5);

        var restored = ClientDpLedger.Restore(Options, ledger.ToJson(), 2);

        Assert.Equal(2, restored.Rounds.Count);
        Assert.Equal(ClientDpAccounting.Epsilon("rdp", 1.0, 5, 5, 2, Options.Delta), restored.Epsilon, 9);
    }

    [Theory]
    [InlineData("""{"rounds":[]}""", "records 0 rounds but 2 are done")]
    [InlineData("not json", "unreadable")]
    public void Restore_LedgerBehindOrDamaged_RefusesRatherThanUnderstateEpsilon(string json, string reason)
    {
        var error = Assert.Throws<InvalidDataException>(() => ClientDpLedger.Restore(Options, json, 2));

        Assert.Contains(reason, error.Message);
        Assert.Contains("cannot be stated", error.Message);
    }
}
