using Arcanum.Federated.SecureAggregation;

namespace Arcanum.Federated.Tests.SecureAggregation;

/// <summary>
/// A network server sums each masked upload piece by piece from its spooled file, never holding it whole. An upload that fails
/// part way must leave the sum as if it never came, or the unmasked result would be garbage that nobody notices.
/// </summary>
public sealed class SecAggPiecewiseInputTests
{
    private const int Length = 1000;
    /// <summary>The vector summed in arrays of these lengths, as a model's: pieces of an upload cross their edges.</summary>
    private static readonly int[] ModelParts = [100, 3, 0, 500, 397];
    private static readonly SecAggOptions K4T3 = new() { NeighbourCount = 4, Threshold = 3 };

    public enum Fault { Throws, EndsEarly, SkipsAPiece, ThrowsSecAgg }

    [Theory]
    [InlineData(Fault.Throws, 0)]
    [InlineData(Fault.Throws, 2)]
    [InlineData(Fault.EndsEarly, 0)]
    [InlineData(Fault.EndsEarly, 2)]
    [InlineData(Fault.SkipsAPiece, 2)]
    [InlineData(Fault.ThrowsSecAgg, 2)]
    public void Finish_AnInputThatFailsPartWay_IsTakenBackOutAndItsSiteCountsAsDropped(Fault fault, int failing)
    {
        // Given 5 sites whose inputs reach the server in pieces of 128 words, summed into a model's arrays, and one of them (the
        // first to arrive, or a later one, added on top of others) failing after 3 pieces, then reading whole when read again
        var updates = SecAggHarness.RandomUpdates(5, Length, seed: 21);
        long[] counts = [30, 10, 40, 10, 50];
        var harness = new SecAggHarness(5, K4T3, Length, vectorParts: ModelParts);
        var site = harness.SiteIds[failing];

        // When the round runs
        var result = harness.Run(updates, counts, send: input => new Pieces(input, 128, input.SiteId == site ? fault : null, goodOnRereads: true));

        // Then that input was refused, and the sum is exactly the other four sites' with that site counted as dropped
        Assert.Equal(site, Assert.Single(harness.Refused).Site);
        Assert.DoesNotContain(site, result.Contributors);
        SecAggRoundTests.AssertSum(result, updates, counts, Enumerable.Range(0, 5).Where(i => i != failing), K4T3);
        Assert.Equal(counts.Sum() - counts[failing], result.TotalWeight);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AddMaskedInput_AFailedInputThatCannotBeReadAgain_AbandonsTheRound(bool rereadCancelled)
    {
        // Given a round in which the third input fails after 3 pieces and cannot be read at all when read to be taken back out
        var updates = SecAggHarness.RandomUpdates(5, Length, seed: 22);
        var harness = new SecAggHarness(5, K4T3, Length);
        var site = harness.SiteIds[2];

        // When the round runs
        var error = Assert.Throws<SecAggAbandonedException>(() =>
            harness.Run(updates, [1, 1, 1, 1, 1], send: input => new Pieces(input, 128, input.SiteId == site ? Fault.Throws : null, goodOnRereads: false,
                rereadError: rereadCancelled ? new OperationCanceledException() : null)));

        // Then no sum is unmasked: the round stops with why
        Assert.Contains($"site {site} failed after 384 of {Length + 1} values", error.Message);
        Assert.Contains("could not be read again", error.Message);
        Assert.Equal(error.Message, harness.Server.Abandoned);
        Assert.Throws<SecAggAbandonedException>(() => harness.Server.Finish());
    }

    [Fact]
    public void AddMaskedInput_InPieces_GivesTheSameSumAsWhole()
    {
        // Given the same seeded round delivered whole into one array, and in uneven pieces into a model's arrays
        var updates = SecAggHarness.RandomUpdates(5, Length, seed: 23);
        long[] counts = [3, 1, 4, 1, 5];

        // When both run
        var whole = new SecAggHarness(5, K4T3, Length).Run(updates, counts);
        var pieces = new SecAggHarness(5, K4T3, Length, vectorParts: ModelParts)
            .Run(updates, counts, send: input => new Pieces(input, 97, null, goodOnRereads: true));

        // Then the sums are the same words
        Assert.Equal(whole.WeightedSum(), pieces.WeightedSum());
        Assert.Equal(whole.TotalWeight, pieces.TotalWeight);
    }

    /// <summary>A masked input read in pieces, as from a spooled upload, that can fail on its first read.</summary>
    private sealed class Pieces(MaskedInput inner, int pieceWords, Fault? fault, bool goodOnRereads, Exception? rereadError = null) : IMaskedInput
    {
        private int _reads;

        public int SiteId => inner.SiteId;

        public int Length => inner.Length;

        public void Read(MaskedPiecesAction pieces)
        {
            // The first read fails at its fourth piece; a bad reread at once (the spooled file is gone), since one failing after what
            // was added would still have taken it all back.
            var first = _reads++ == 0;
            var failing = fault is not null && (first || !goodOnRereads);
            for (int offset = 0, piece = 0; offset < inner.Length; offset += pieceWords, piece++)
            {
                if (failing && piece == (first ? 3 : 0))
                {
                    if (!first && rereadError is not null) throw rereadError;
                    switch (fault)
                    {
                        case Fault.Throws: throw new IOException("the spooled upload could not be read");
                        case Fault.ThrowsSecAgg: throw new SecAggException("a reader that gives up in the protocol's own terms");
                        case Fault.EndsEarly: return;
                        case Fault.SkipsAPiece: continue;
                    }
                }
                pieces(offset, inner.Values.AsSpan(offset, Math.Min(pieceWords, inner.Length - offset)));
            }
        }
    }
}
