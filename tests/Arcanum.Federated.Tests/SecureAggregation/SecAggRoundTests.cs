using Arcanum.Federated.SecureAggregation;

namespace Arcanum.Federated.Tests.SecureAggregation;

public sealed class SecAggRoundTests
{
    private const int Length = 64;
    // k = 4, t = 3: a sparse ring with 8 sites, a complete graph with 5
    private static readonly SecAggOptions K4T3 = new() { NeighbourCount = 4, Threshold = 3 };

    [Fact]
    public void Finish_NoDropouts_EqualsPlainWeightedSumWithinBound()
    {
        // Given 8 sites on a 4-neighbour ring with different sample counts, one above the cap of 1000
        var updates = SecAggHarness.RandomUpdates(8, Length, seed: 5);
        long[] counts = [10, 250, 999, 1000, 5000, 1, 77, 430];
        var harness = new SecAggHarness(8, K4T3, Length);

        // When
        var result = harness.Run(updates, counts);

        // Then the weighted sum and the summed (capped) count match a plain aggregation
        AssertSum(result, updates, counts, Enumerable.Range(0, 8), K4T3);
        Assert.Equal(10 + 250 + 999 + 1000 + 1000 + 1 + 77 + 430, result.TotalWeight);
        Assert.Equal(harness.SiteIds, result.Contributors);
    }

    [Fact]
    public void Finish_VectorInParts_EachPartIsItsShareOfTheSum_InFreshArraysEveryRound()
    {
        // Given a vector in parts whose edges fall inside AES blocks and 1 MiB pieces (as a model's arrays do), summed in two rounds
        // of a job, the second with a dropout
        int[] parts = [5, 0, 1, MaskExpander.PieceWords - 3, 7, 300_001];
        var length = parts.Sum();
        long[] counts = [10, 250, 999, 1000, 5000, 1, 77, 430];
        var first = SecAggHarness.RandomUpdates(8, length, seed: 5);
        var second = SecAggHarness.RandomUpdates(8, length, seed: 6);

        // When both rounds run
        var one = new SecAggHarness(8, K4T3, length, roundId: "job-7/round-1", vectorParts: parts).Run(first, counts);
        var oneSum = one.WeightedSum();
        var two = new SecAggHarness(8, K4T3, length, seed: 2, roundId: "job-7/round-2", vectorParts: parts)
            .Run(second, counts, new Dictionary<int, DropBefore> { [14] = DropBefore.MaskedInput });

        // Then the sum comes out in arrays of the parts' lengths, each round's its own updates' (in arrays of its own, which the
        // caller keeps), and it is the same sum a single array gives
        Assert.Equal(parts, one.Parts.Select(p => p.Length));
        AssertSum(one, first, counts, Enumerable.Range(0, 8), K4T3);
        AssertSum(two, second, counts, Enumerable.Range(0, 8).Where(i => i != 3), K4T3);
        Assert.Equal(oneSum, one.WeightedSum());   // the second round wrote nothing into the first's arrays
        Assert.DoesNotContain(two.Parts, p => p.Length > 0 && one.Parts.Contains(p));
        var whole = new SecAggHarness(8, K4T3, length, roundId: "job-7/round-1").Run(first, counts);
        Assert.Equal(whole.WeightedSum(), oneSum);
    }

    [Fact]
    public void Server_PartsThatDoNotAddUpToTheVector_AreRefused()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new SecAggServer("job-7/round-1", [0, 1, 2], 10, K4T3, vectorParts: [4, 5]));
        Assert.Contains("do not add up", error.Message);
        Assert.Throws<ArgumentException>(() => new SecAggServer("job-7/round-1", [0, 1, 2], 10, K4T3, vectorParts: [11, -1]));
    }

    [Theory]
    [InlineData(DropBefore.MaskedInput, false)]
    [InlineData(DropBefore.Unmask, true)]
    public void Finish_CountsAppendedAfterTheUpdate_SumExactlyOverTheSitesThatUploaded(DropBefore step, bool droppedCounts)
    {
        // Given 8 sites that each append 3 whole counts (as a network site appends its score histograms), and site 13
        // vanishing before it uploads, or after
        var updates = SecAggHarness.RandomUpdates(8, Length, seed: 9);
        long[] samples = [10, 20, 30, 40, 50, 60, 70, 80];
        uint[][] tails = [.. Enumerable.Range(0, 8).Select(i => new uint[] { (uint)i, 100u * (uint)i, 7u })];
        var harness = new SecAggHarness(8, K4T3, Length, countLength: 3);

        // When
        var result = harness.Run(updates, samples, new Dictionary<int, DropBefore> { [13] = step }, tails);

        // Then the counts are the exact sum over the sites in the result, unquantised, and the update sum is unaffected
        var included = Enumerable.Range(0, 8).Where(i => droppedCounts || i != 2).ToList();
        Assert.Equal([included.Sum(i => (long)i), included.Sum(i => 100L * i), 7L * included.Count], result.Counts!);
        AssertSum(result, updates, samples, included, K4T3);
    }

    [Theory]
    [InlineData(DropBefore.AdvertiseKeys)]
    [InlineData(DropBefore.ShareKeys)]
    [InlineData(DropBefore.MaskedInput)]
    [InlineData(DropBefore.Unmask)]
    public void Finish_OneSiteDropsOnSparseRing_SumsTheRest(DropBefore step)
    {
        // Given 8 sites, k = 4, t = 3, and site 14 vanishing before one step
        var updates = SecAggHarness.RandomUpdates(8, Length, seed: 6);
        long[] counts = [5, 6, 7, 8, 9, 10, 11, 12];
        var harness = new SecAggHarness(8, K4T3, Length);

        // When
        var result = harness.Run(updates, counts, new Dictionary<int, DropBefore> { [14] = step });

        // Then a site that vanished before uploading is left out; one that vanished after is still counted
        var counted = step == DropBefore.Unmask ? Enumerable.Range(0, 8) : Enumerable.Range(0, 8).Where(i => i != 3);
        AssertSum(result, updates, counts, counted, K4T3);
        AssertNoSiteFullyRevealed(harness);
    }

    [Theory]
    [InlineData(DropBefore.AdvertiseKeys)]
    [InlineData(DropBefore.ShareKeys)]
    [InlineData(DropBefore.MaskedInput)]
    [InlineData(DropBefore.Unmask)]
    public void Finish_DropoutsUpToThresholdLimit_SumsTheRest(DropBefore step)
    {
        // Given 5 fully connected sites with t = 3, so at most 2 may vanish
        var updates = SecAggHarness.RandomUpdates(5, Length, seed: 7);
        long[] counts = [3, 1, 4, 1, 5];
        var harness = new SecAggHarness(5, K4T3, Length);

        // When sites 12 and 15 vanish before the step
        var result = harness.Run(updates, counts, new Dictionary<int, DropBefore> { [12] = step, [15] = step });

        // Then
        var counted = step == DropBefore.Unmask ? [0, 1, 2, 3, 4] : new[] { 0, 2, 3 };
        AssertSum(result, updates, counts, counted, K4T3);
    }

    [Theory]
    [InlineData(DropBefore.AdvertiseKeys)]
    [InlineData(DropBefore.ShareKeys)]
    [InlineData(DropBefore.MaskedInput)]
    [InlineData(DropBefore.Unmask)]
    public void Run_FewerThanThresholdRemain_ThrowsClearError(DropBefore step)
    {
        // Given 5 fully connected sites with t = 3 and 3 of them vanishing
        var updates = SecAggHarness.RandomUpdates(5, Length, seed: 8);
        var harness = new SecAggHarness(5, K4T3, Length);
        var drops = new Dictionary<int, DropBefore> { [11] = step, [13] = step, [14] = step };

        // When
        var error = Assert.Throws<SecAggException>(() => harness.Run(updates, [1, 1, 1, 1, 1], drops));

        // Then no sum is produced and the message says why
        Assert.Contains("needs at least 3", error.Message);
    }

    [Fact]
    public void Run_SameSeeds_SameMessagesAndResult()
    {
        // Given the same updates and seeds twice, and a third run with another seed
        var updates = SecAggHarness.RandomUpdates(6, Length, seed: 9);
        long[] counts = [1, 2, 3, 4, 5, 6];
        var first = new SecAggHarness(6, K4T3, Length, seed: 21);
        var second = new SecAggHarness(6, K4T3, Length, seed: 21);
        var other = new SecAggHarness(6, K4T3, Length, seed: 22);

        // When
        var a = first.Run(updates, counts);
        var b = second.Run(updates, counts);
        other.Run(updates, counts);

        // Then
        Assert.Equal(a.WeightedSum(), b.WeightedSum());
        Assert.Equal(first.MaskedInputs.Select(m => m.Values), second.MaskedInputs.Select(m => m.Values));
        Assert.NotEqual(first.MaskedInputs[0].Values, other.MaskedInputs[0].Values);
    }

    [Fact]
    public void ServerInbox_NoMessageContainsASiteQuantisedUpdate()
    {
        // Given updates on the quantisation grid (c = 8, L = 1024, step 1/64), so w·q is known exactly
        var options = new SecAggOptions { NeighbourCount = 4, QuantizationLevels = 1024 };
        var updates = SecAggHarness.RandomUpdates(6, Length, seed: 10)
            .Select(u => u.Select(x => MathF.Round(x * 64) / 64).ToArray()).ToArray();
        long[] counts = [2, 3, 4, 5, 6, 7];
        var harness = new SecAggHarness(6, options, Length);

        // When
        var result = harness.Run(updates, counts);

        // Then the round is exact, yet no uploaded word matches any site's quantised word at its position
        AssertSum(result, updates, counts, Enumerable.Range(0, 6), options);
        var quantised = updates.Select((u, i) => u.Select(x => (uint)(counts[i] * (x + 8) * 64)).ToArray()).ToArray();
        foreach (var input in harness.MaskedInputs)
            foreach (var q in quantised)
                Assert.True(input.Values.Skip(1).Zip(q).Count(p => p.First == p.Second) <= 1);
    }

    /// <summary>No site has both its self-mask seed and its mask key revealed to the server.</summary>
    private static void AssertNoSiteFullyRevealed(SecAggHarness harness)
    {
        var responses = harness.ServerInbox.OfType<UnmaskResponse>().ToList();
        var seedsRevealed = responses.SelectMany(r => r.SelfMaskOwners).ToHashSet();
        Assert.DoesNotContain(responses.SelectMany(r => r.MaskKeyOwners), seedsRevealed.Contains);
    }

    internal static void AssertSum(SecAggResult result, float[][] updates, long[] counts, IEnumerable<int> sites,
        SecAggOptions options)
    {
        var expected = SecAggHarness.PlainWeightedSum(updates, counts, sites, options);
        Assert.True(result.ErrorBound > 0);
        var sum = result.WeightedSum();
        Assert.Equal(expected.Length, sum.Length);
        for (var j = 0; j < expected.Length; j++)
        {
            // the stated bound, plus float32 rounding of the returned value
            var tolerance = result.ErrorBound + 1e-6 * Math.Abs(expected[j]);
            Assert.True(Math.Abs(sum[j] - expected[j]) <= tolerance,
                $"coordinate {j}: {sum[j]} vs {expected[j]} (bound {result.ErrorBound})");
        }
    }
}
