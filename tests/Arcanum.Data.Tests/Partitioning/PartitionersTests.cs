using Arcanum.Data.Partitioning;
using Arcanum.Data.Tests.Support;

namespace Arcanum.Data.Tests.Partitioning;

public sealed class PartitionersTests
{
    private static int[] Labels(int rows, int classes, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, rows).Select(_ => random.Next(classes)).ToArray();
    }

    private static void AssertEveryRowOnce(Partition partition, int rows)
    {
        var all = partition.SelectMany(s => s.Rows).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, rows), all);
        foreach (var site in partition) Assert.Equal(site.Rows.Order(), site.Rows);
    }

    [Fact]
    public void AllPartitioners_ManySeeds_PutEveryRowInExactlyOneSite()
    {
        for (var seed = 0; seed < 40; seed++)
        {
            // Given
            var rows = 200 + seed * 7;
            var sites = 2 + seed % 6;
            var labels = Labels(rows, 2 + seed % 4, seed);

            // When
            var partitions = new[]
            {
                Partitioners.Iid(rows, sites, seed),
                Partitioners.Dirichlet(labels, 2 + seed % 4, sites, 0.1 + seed % 3, seed, minRowsPerSite: 5),
                Partitioners.Quantity(rows, sites, 0.5 + seed % 3, seed, minRowsPerSite: 5),
            };

            // Then
            foreach (var p in partitions)
            {
                Assert.Equal(sites, p.Count);
                AssertEveryRowOnce(p, rows);
                Assert.Equal(Enumerable.Range(1, sites).Select(i => $"site-{i}"), p.SiteNames);
            }
        }
    }

    [Fact]
    public void Iid_Rows_NearlyEqualSizes()
    {
        // When
        var p = Partitioners.Iid(103, 4, seed: 2);

        // Then
        Assert.All(p, s => Assert.InRange(s.Rows.Length, 25, 26));
    }

    [Fact]
    public void AllPartitioners_SameSeed_SameResult()
    {
        // Given
        var labels = Labels(500, 3, 1);

        // When / Then
        Assert.Equal(Partitioners.Iid(500, 5, 4).Select(s => s.Rows), Partitioners.Iid(500, 5, 4).Select(s => s.Rows));
        Assert.Equal(Partitioners.Dirichlet(labels, 3, 5, 0.5, 4).Select(s => s.Rows), Partitioners.Dirichlet(labels, 3, 5, 0.5, 4).Select(s => s.Rows));
        Assert.Equal(Partitioners.Quantity(500, 5, 1, 4).Select(s => s.Rows), Partitioners.Quantity(500, 5, 1, 4).Select(s => s.Rows));
        Assert.NotEqual(Partitioners.Iid(500, 5, 4).Select(s => s.Rows), Partitioners.Iid(500, 5, 5).Select(s => s.Rows));
    }

    [Fact]
    public void Dirichlet_SmallAlpha_MoreLabelSkewThanLargeAlpha()
    {
        // Given
        var labels = Labels(2000, 4, 11);

        // When
        double Skew(double alpha) => Enumerable.Range(0, 10).Average(seed =>
            Partitioners.Dirichlet(labels, 4, 5, alpha, seed).Average(site =>
                site.Rows.GroupBy(r => labels[r]).Max(g => g.Count()) / (double)site.Rows.Length));
        var skewed = Skew(0.1);
        var even = Skew(100);

        // Then: with 4 balanced classes an even site's largest class is ~0.25
        Assert.True(skewed > 0.6, $"alpha 0.1 gave mean max class share {skewed:F2}");
        Assert.InRange(even, 0.25, 0.35);
    }

    [Fact]
    public void Dirichlet_Impossible_SuggestsLargerAlpha()
    {
        // Given
        var labels = Labels(60, 2, 1);

        // When
        var error = Assert.Throws<InvalidOperationException>(() => Partitioners.Dirichlet(labels, 2, 5, 0.01, seed: 1, minRowsPerSite: 12));

        // Then
        Assert.Contains("larger alpha", error.Message);
    }

    [Fact]
    public void Quantity_SmallBeta_SkewsSizes()
    {
        // When
        double Spread(double beta) => Enumerable.Range(0, 10).Average(seed =>
        {
            var sizes = Partitioners.Quantity(1000, 5, beta, seed, 1).Select(s => s.Rows.Length).ToArray();
            return sizes.Max() / (double)sizes.Min();
        });

        // Then
        Assert.True(Spread(0.5) > 3 * Spread(1000), $"{Spread(0.5)} vs {Spread(1000)}");
    }

    [Fact]
    public void Iid_MoreSitesThanRows_Throws()
    {
        // When / Then
        Assert.Throws<ArgumentException>(() => Partitioners.Iid(3, 4, 1));
    }

    [Fact]
    public void ByColumn_SiteColumn_OneSitePerValueInOrder()
    {
        // Given
        var table = Some.Table("unit,x\n10\t,1\n2,2\n10,3\n1,4\n".Replace("\t", ""));

        // When
        var p = Partitioners.ByColumn(table, "unit");

        // Then
        Assert.Equal(["unit=1", "unit=2", "unit=10"], p.SiteNames);
        Assert.Equal([0, 2], p[2].Rows);
        AssertEveryRowOnce(p, 4);
    }

    [Fact]
    public void ByColumn_NamedValues_AreTheSiteNames()
    {
        // Given: hospital names, as a network federation's sites are named
        var table = Some.Table("hospital,x\nhospital-b,1\nhospital-a,2\nhospital-b,3\n");

        // When
        var p = Partitioners.ByColumn(table, "hospital");

        // Then
        Assert.Equal(["hospital-a", "hospital-b"], p.SiteNames);
        Assert.Equal([0, 2], p[1].Rows);
    }

    [Fact]
    public void ByColumn_MissingValues_ThrowsWithCount()
    {
        // Given
        var table = Some.Table("unit,x\n1,1\nNA,2\n,3\n2,4\n");

        // When
        var error = Assert.Throws<ArgumentException>(() => Partitioners.ByColumn(table, "unit"));

        // Then
        Assert.Contains("2 of 4 rows", error.Message);
    }

    [Fact]
    public void Partition_RowTwice_Throws()
    {
        // When / Then
        Assert.Throws<ArgumentException>(() => new Partition([new SiteRows("a", [0, 1]), new SiteRows("b", [1])], 2));
    }
}
