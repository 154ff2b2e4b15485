using Arcanum.Risk.Anonymization;

namespace Arcanum.Risk.Tests.Anonymization;

public sealed class RollupCheckerTests
{
    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 3)]
    [InlineData(3, 5)]
    public void Outliers_EveryNodeInShuffledOrder_MatchesGroupingEveryRecord(int seed, int k)
    {
        // Given: every node three times over, so that the checker keeps, reuses and replaces snapshots
        var (table, hierarchies) = AnonymizerTests.RandomTable(seed, 300);
        var data = EncodedData.Encode(table, hierarchies, null);
        var lattice = new Lattice(hierarchies.Select(h => h.Height).ToArray());
        var checker = new RollupChecker(data, lattice, k);
        var random = new Random(seed);
        var order = Enumerable.Range(0, 3).SelectMany(_ => Enumerable.Range(0, lattice.Count)
            .OrderBy(_ => random.Next())).ToArray();

        // When
        var rolledUp = order.Select(checker.Outliers).ToArray();

        // Then
        var expected = order.Select(n => Grouping.Of(data, lattice.Levels(n), k, null).Outliers).ToArray();
        Assert.Equal(expected, rolledUp);
        Assert.Contains(rolledUp, o => o > 0);
        Assert.True(order.Length > 64 + hierarchies.Length, "the test must overflow the kept snapshots");
    }
}
