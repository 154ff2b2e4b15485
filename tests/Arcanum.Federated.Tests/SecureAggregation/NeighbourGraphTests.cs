using Arcanum.Federated.SecureAggregation;

namespace Arcanum.Federated.Tests.SecureAggregation;

public sealed class NeighbourGraphTests
{
    private static readonly byte[] Seed = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];
    private static readonly int[] Sites = [.. Enumerable.Range(100, 10)];

    [Fact]
    public void NeighboursOf_RingOfTen_EachHasKSymmetricNeighbours()
    {
        // Given
        var graph = new NeighbourGraph(Sites, 4, Seed);

        // When / Then every site has 4 distinct neighbours, and neighbourhood is mutual
        foreach (var site in Sites)
        {
            var neighbours = graph.NeighboursOf(site);
            Assert.Equal(4, neighbours.Distinct().Count());
            Assert.DoesNotContain(site, neighbours);
            Assert.All(neighbours, n => Assert.Contains(site, graph.NeighboursOf(n)));
        }
    }

    [Fact]
    public void NeighboursOf_SameSeed_SameGraph_OtherSeed_OtherGraph()
    {
        // Given
        var a = new NeighbourGraph(Sites, 2, Seed);
        var b = new NeighbourGraph(Sites.Reverse().ToArray(), 2, Seed);
        var c = new NeighbourGraph(Sites, 2, [.. Seed.Select(x => (byte)(x + 1))]);

        // When / Then the labelling depends on the seed only, not on the order sites were listed
        Assert.All(Sites, s => Assert.Equal(a.NeighboursOf(s), b.NeighboursOf(s)));
        Assert.Contains(Sites, s => !a.NeighboursOf(s).SequenceEqual(c.NeighboursOf(s)));
    }

    [Fact]
    public void NeighboursOf_KAtLeastNMinusOne_IsComplete()
    {
        // Given / When
        var graph = new NeighbourGraph([1, 2, 3, 4], 3, Seed);

        // Then
        Assert.Equal([1, 3, 4], graph.NeighboursOf(2));
    }

    [Fact]
    public void IsConnected_RingMissingTwoOppositeSites_IsSplit()
    {
        // Given a ring with k = 2 (each site joined to the next and previous)
        var graph = new NeighbourGraph(Sites, 2, Seed);
        var start = Sites[0];
        var right = graph.NeighboursOf(start)[0];
        var survivors = Sites.Where(s => s != start).ToList();

        // When one site is removed the ring becomes a path, when one of its ring neighbours goes too it
        // stays a path, but removing a site in the middle of that path splits it
        var path = graph.IsConnected(survivors);
        var middle = survivors.First(s => s != right && graph.NeighboursOf(s).Count(survivors.Contains) == 2);

        // Then
        Assert.True(path);
        Assert.False(graph.IsConnected(survivors.Where(s => s != middle).ToList()));
    }
}
