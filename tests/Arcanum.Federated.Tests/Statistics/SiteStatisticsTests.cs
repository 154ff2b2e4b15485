using Arcanum.Federated.Statistics;

namespace Arcanum.Federated.Tests.Statistics;

public sealed class SiteStatisticsTests
{
    [Fact]
    public void ForSite_HandTable_GivesHandComputedStatistics()
    {
        // Given ages 20, 30, 40 and one missing, range 0:100 in 4 bins of 25, no minimum count
        var query = SomeTables.AgeQuery(bins: 4) with { Quantiles = [0.5] };
        var policy = new SitePolicy(MinCellCount: 1);
        var sums = SomeTables.Sums("a", SomeTables.Ages([20, 30, 40, double.NaN]), query, policy);

        // When
        var row = Assert.Single(StatisticsRelease.ForSite(sums, query, policy).Rows);

        // Then counts; mean 30; variance ((−10)² + 0 + 10²)/2 = 100
        Assert.Equal([4.0, 3, 1], [row.Rows.Value, row.Count.Value, row.Missing.Value]);
        Assert.Equal([1.0, 2, 0, 0], row.Histogram.Select(c => c.Value));
        Assert.Equal(30, row.Mean.Value, 1e-12);
        Assert.Equal(100, row.Variance.Value, 1e-12);
        // the median (1.5th of 3) lies in bin 1 (25..50): midpoint 37.5, within half a bin, 12.5
        var median = Assert.Single(row.Quantiles);
        Assert.Equal(37.5, median.Value.Value);
        Assert.Equal(12.5, median.ErrorBound);
        Assert.False(median.AtRangeEnd);
    }

    [Fact]
    public void Compute_ValuesBeyondRange_AreClampedIntoIt()
    {
        // Given an age of 150 above the declared 0:100
        var query = SomeTables.AgeQuery(bins: 4);
        var policy = new SitePolicy(MinCellCount: 1);

        // When
        var sums = SomeTables.Sums("a", SomeTables.Ages([150, 50]), query, policy);

        // Then it counts in the last bin and as 100 in the sums (centered on 50)
        var c = sums.Groups[0].Columns[0];
        Assert.Equal([0.0, 0, 1, 1], c.Bins);
        Assert.Equal(50, c.Sum);
    }

    [Fact]
    public void Compute_NoiseWithoutDeclaredLevels_RefusesBecauseLevelsAreData()
    {
        // Given a noisy site and a query grouped by sex without naming the levels
        var policy = new SitePolicy(Epsilon: 1);
        var query = SomeTables.AgeQuery(by: "sex");

        // When
        var e = Assert.Throws<StatisticsException>(() =>
            SomeTables.Sums("a", SomeTables.Ages([30, 40], ["F", "M"]), query, policy));

        // Then
        Assert.Contains("levels of 'sex' must be given", e.Message);
    }

    [Fact]
    public void Compute_Noise_DeclaredLevelsAllReportedEvenWhenAbsent()
    {
        // Given a site with only women, a noisy query naming F and M
        var policy = new SitePolicy(Epsilon: 1);
        var query = SomeTables.AgeQuery(by: "sex", levels: ["F", "M"]);

        // When
        var sums = SomeTables.Sums("a", SomeTables.Ages([30, 40], ["F", "F"]), query, policy);

        // Then every declared group and the two catch-alls appear, so presence leaks nothing
        Assert.Equal(["F", "M", "(other)", "(missing)"], sums.Groups.Select(g => g.Group));
    }

    [Fact]
    public void Compute_SameSeed_SameNoise_OtherSeed_OtherNoise()
    {
        // Given
        var policy = new SitePolicy(Epsilon: 1);
        var table = SomeTables.Ages([.. SomeTables.Times(50, 42)]);
        var query = SomeTables.AgeQuery();

        // When
        var first = SomeTables.Sums("a", table, query, policy, seed: 5).Groups[0].Rows;
        var again = SomeTables.Sums("a", table, query, policy, seed: 5).Groups[0].Rows;
        var other = SomeTables.Sums("a", table, query, policy, seed: 6).Groups[0].Rows;

        // Then
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Compute_Laplace_CountNoiseHasTheCalibratedSpread()
    {
        // Given ε = 1 over K = 1 + 3·1 measurements: Laplace scale K/ε = 4 on a count, sd 4·√2
        var policy = new SitePolicy(Epsilon: 1);
        var table = SomeTables.Ages([.. SomeTables.Times(30, 42)]);
        var query = SomeTables.AgeQuery();

        // When
        var errors = Enumerable.Range(0, 4000)
            .Select(seed => SomeTables.Sums("a", table, query, policy, seed).Groups[0].Rows - 30).ToArray();

        // Then
        var sd = Math.Sqrt(errors.Select(e => e * e).Average());
        Assert.InRange(sd, 4 * Math.Sqrt(2) * 0.93, 4 * Math.Sqrt(2) * 1.07);
        Assert.InRange(errors.Average(), -0.35, 0.35);
    }

    [Fact]
    public void Compute_BudgetSpent_RefusesTheNextQuery()
    {
        // Given a budget for one query of ε = 0.6 but not two
        var policy = new SitePolicy(Epsilon: 0.6, EpsilonBudget: 1);
        var budget = new StatisticsBudget(policy);
        var table = SomeTables.Ages([30, 40]);
        var query = SomeTables.AgeQuery();
        SiteStatistics.Compute("a", table, query, policy, budget, 1);

        // When
        var e = Assert.Throws<StatisticsException>(() => SiteStatistics.Compute("a", table, query, policy, budget, 2));

        // Then
        Assert.Contains("past the site's budget", e.Message);
        Assert.Equal(0.6, budget.EpsilonSpent, 1e-12);
    }

    [Fact]
    public void Compute_Gaussian_AccountantReportsTheEpsilonAskedFor()
    {
        // Given
        var policy = new SitePolicy(Epsilon: 2, Delta: 1e-6, Mechanism: NoiseMechanism.Gaussian);
        var budget = new StatisticsBudget(policy);

        // When
        var sums = SiteStatistics.Compute("a", SomeTables.Ages([30, 40]), SomeTables.AgeQuery(), policy, budget, 1);

        // Then the calibrated σ spends (almost exactly) ε = 2 at δ = 1e-6
        Assert.InRange(budget.EpsilonSpent, 1.99, 2.0);
        Assert.True(sums.NoiseScale > 1, $"σ per unit sensitivity {sums.NoiseScale}");
    }

    [Fact]
    public void Policy_BudgetBelowEpsilon_IsRefusedUpFront()
    {
        // Given/When
        var policy = new SitePolicy(Epsilon: 2, EpsilonBudget: 1);
        var e = Assert.Throws<StatisticsException>(() => new StatisticsBudget(policy));

        // Then
        Assert.Contains("budget 1 is below", e.Message);
    }
}
