using Arcanum.Federated.Statistics;
using static Arcanum.Federated.Tests.Statistics.SomeTables;

namespace Arcanum.Federated.Tests.Statistics;

public sealed class StatisticsReleaseTests
{
    private static readonly SitePolicy Ten = new(MinCellCount: 10);

    /// <summary>Ages whose 4 bins of 25 (range 0:100) hold the given counts, plus missing values.</summary>
    private static double[] Binned(int b0, int b1, int b2, int b3, int missing = 0) =>
        [.. Times(b0, 10), .. Times(b1, 30), .. Times(b2, 60), .. Times(b3, 90), .. Times(missing, double.NaN)];

    [Fact]
    public void ForSite_SmallCell_WithholdsItAndTheSmallestCellThatWouldRevealIt()
    {
        // Given bins 3, 12, 15, 10 and no missing value: 40 rows
        var query = AgeQuery();
        var sums = Sums("a", Ages(Binned(3, 12, 15, 10)), query, Ten);

        // When
        var table = StatisticsRelease.ForSite(sums, query, Ten);

        // Then 3 is withheld, and so is 10 (else 40 − 0 − 12 − 15 − 10 would give the 3 back)
        var row = Assert.Single(table.Rows);
        Assert.Equal(
            [CellStatus.Withheld, CellStatus.Released, CellStatus.Released, CellStatus.Withheld],
            row.Histogram.Select(c => c.Status));
        Assert.Equal(40, row.Rows.Value);
        Assert.Contains(table.Notes, n => n.Contains("2 of 5 counts withheld"));
    }

    [Fact]
    public void ForSite_GroupBelowMinimum_WithholdsItAndSaysSo()
    {
        // Given 30 men and 5 women
        var query = AgeQuery(by: "sex");
        var table = Ages([.. Times(35, 40)], [.. Enumerable.Repeat("M", 30), .. Enumerable.Repeat("F", 5)]);

        // When
        var release = StatisticsRelease.ForSite(Sums("a", table, query, Ten), query, Ten);

        // Then
        var women = release.Rows.Single(r => r.Group == "F");
        Assert.Equal(CellStatus.Withheld, women.Rows.Status);
        Assert.Equal(CellStatus.Withheld, women.Mean.Status);
        Assert.True(release.Rows.Single(r => r.Group == "M").Mean.IsReleased);
        Assert.Contains(release.Notes, n => n.Contains("group 'F'") && n.Contains("fewer than 10 rows"));
    }

    [Fact]
    public void ForSite_WholeSiteBelowMinimum_SaysNothingWasReleased()
    {
        // Given a site with 7 rows
        var query = AgeQuery();

        // When
        var release = StatisticsRelease.ForSite(Sums("small", Ages([.. Times(7, 40)]), query, Ten), query, Ten);

        // Then
        Assert.Equal("Every group is below the minimum count of 10; nothing was released.", release.Notes[0]);
        Assert.All(release.Rows, r => Assert.False(r.Mean.IsReleased));
    }

    [Fact]
    public void Global_OneSiteWithheldItsCell_GlobalCellIsWithheldToo()
    {
        // Given site a withholds its bin 0 of 3; site b releases its bin 0 of 20
        var report = Report(Binned(3, 12, 15, 10), Binned(20, 20, 20, 20));

        // When
        var global = Assert.Single(report.Global.Rows);

        // Then global 23 ≥ 10, but 23 − 20 would give a's 3 back: withheld
        Assert.Equal(CellStatus.Withheld, global.Histogram[0].Status);
        // and whatever else is withheld in the global row hides at least 10 of the sites' withheld records
        var hidden = global.Histogram.Select((c, b) => c.IsReleased ? 0 : new[] { 3, 10, 0, 10 }[b]).Sum();
        Assert.True(hidden >= 10, $"hidden {hidden}");
    }

    [Fact]
    public void Global_TwoSitesWithheldCellsSummingPastTheMinimum_IsReleased()
    {
        // Given sites a and b withhold bin 0 (6 and 7); together 13 from two sites
        var report = Report(Binned(6, 30, 30, 30), Binned(7, 30, 30, 30));

        // When
        var global = Assert.Single(report.Global.Rows);

        // Then the pooled 13 is shown, though neither site's share is
        Assert.Equal(CellStatus.Withheld, report.Sites[0].Rows[0].Histogram[0].Status);
        Assert.Equal(Cell.Of(13), global.Histogram[0]);
    }

    [Fact]
    public void Global_ThreeSites_EqualsStatisticsOfThePooledRows()
    {
        // Given three sites with spread-out ages, some missing
        var random = new Random(3);
        var sites = Enumerable.Range(0, 3).Select(s =>
            Enumerable.Range(0, 200 + 100 * s)
                .Select(_ => random.NextDouble() < 0.1 ? double.NaN : 20 + 60 * random.NextDouble())
                .ToArray()).ToArray();
        var query = AgeQuery(bins: 50) with { Quantiles = [0.1, 0.5, 0.9] };

        // When
        var report = Report(query, sites);

        // Then
        var pooled = sites.SelectMany(s => s).Where(v => !double.IsNaN(v)).Order().ToArray();
        var row = Assert.Single(report.Global.Rows);
        Assert.Equal(sites.Sum(s => s.Length), row.Rows.Value);
        Assert.Equal(pooled.Length, row.Count.Value);
        Assert.Equal(pooled.Average(), row.Mean.Value, 1e-9);
        var mean = pooled.Average();
        Assert.Equal(pooled.Sum(v => (v - mean) * (v - mean)) / (pooled.Length - 1), row.Variance.Value, 1e-8);
        foreach (var q in row.Quantiles)
        {
            var exact = pooled[(int)Math.Ceiling(q.Probability * pooled.Length) - 1];
            Assert.InRange(Math.Abs(q.Value.Value - exact), 0, q.ErrorBound);
        }
        Assert.Equal(0, report.Global.EpsilonSpent);
    }

    [Fact]
    public void Global_NoisySites_ReportsEpsilonAndStaysNearTheTruth()
    {
        // Given two sites of 500 ages each at ε = 1
        var policy = new SitePolicy(Epsilon: 1);
        var query = AgeQuery(bins: 10);
        var a = Sums("a", Ages([.. Times(500, 30)]), query, policy, seed: 1);
        var b = Sums("b", Ages([.. Times(500, 50)]), query, policy, seed: 2);

        // When
        var policies = new Dictionary<string, SitePolicy> { ["a"] = policy, ["b"] = policy };
        var report = StatisticsRelease.Report([a, b], query, policies);

        // Then
        var row = Assert.Single(report.Global.Rows);
        Assert.Equal(1, report.Global.EpsilonSpent);
        Assert.InRange(row.Rows.Value, 950, 1050);
        Assert.InRange(row.Mean.Value, 38, 42);
    }

    private static StatisticsReport Report(params double[][] sites) => Report(AgeQuery(), sites);

    private static StatisticsReport Report(StatisticsQuery query, double[][] sites)
    {
        var sums = sites.Select((ages, i) => Sums(((char)('a' + i)).ToString(), Ages(ages), query, Ten)).ToList();
        return StatisticsRelease.Report(sums, query, sums.ToDictionary(s => s.Site, _ => Ten));
    }
}
