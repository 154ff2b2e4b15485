using Arcanum.Federated.Statistics;
using static Arcanum.Federated.Tests.Statistics.SomeTables;

namespace Arcanum.Federated.Tests.Statistics;

public sealed class ReleasedGlobalTests
{
    [Fact]
    public void From_WithheldCellWithoutNoise_IsNullSoTheAggregatorNeverHoldsIt()
    {
        // Given a site with 3 values in the top bin (below 10) and 20 in the bottom one
        var query = AgeQuery(bins: 2);
        var sums = Sums("a", Ages([.. Times(20, 10), .. Times(3, 90)]), query, new SitePolicy());
        var table = StatisticsRelease.ForSite(sums, query, new SitePolicy());

        // When it prepares what it sends
        var sent = ReleasedSums.From(sums, table).Groups.Single().Columns.Single();

        // Then the withheld bins and the sums behind a withheld mean are null
        Assert.Null(sent.Bins[1]);
        Assert.All(table.Rows.Single().Histogram.Zip(sent.Bins),
            p => Assert.Equal(p.First.IsReleased, p.Second is not null));
        Assert.False(ReleasedSums.From(sums, table).IsComplete);
    }

    [Fact]
    public void From_NoisySite_SendsEverySum()
    {
        // Given a site that adds noise
        var query = AgeQuery(bins: 2);
        var policy = new SitePolicy(Epsilon: 1);
        var sums = Sums("a", Ages([.. Times(20, 10), .. Times(3, 90)]), query, policy);

        // When / Then every number goes, since the noise covers each
        Assert.True(ReleasedSums.From(sums, StatisticsRelease.ForSite(sums, query, policy)).IsComplete);
    }

    [Fact]
    public void Report_ShareWithheldAtOneSite_GlobalCellWithheldWithANote()
    {
        // Given site a holds 3 old patients (withheld there), site b 30; both 20 young
        var query = AgeQuery(bins: 2);
        var policy = new SitePolicy();
        var a = Sums("a", Ages([.. Times(20, 10), .. Times(3, 90)]), query, policy);
        var b = Sums("b", Ages([.. Times(20, 10), .. Times(30, 90)]), query, policy);
        var sent = new[] { a, b }.Select(s =>
        {
            var t = StatisticsRelease.ForSite(s, query, policy);
            return (ReleasedSums.From(s, t), t);
        }).ToList();

        // When the aggregator builds the report from what it received
        var report = ReleasedGlobal.Report(sent, query);

        // Then the row count and the mean are known (a released them), but not the bins a withheld
        var row = report.Global.Rows.Single();
        Assert.Equal(73, row.Rows.Value);
        Assert.Equal((20 * 10 + 3 * 90 + 20 * 10 + 30 * 90) / 73.0, row.Mean.Value, 9);
        Assert.Equal([CellStatus.Withheld, CellStatus.Withheld], row.Histogram.Select(c => c.Status));
        Assert.All(row.Quantiles, q => Assert.Equal(CellStatus.Withheld, q.Value.Status));
        Assert.Contains(report.Global.Notes, n => n.Contains("never receives", StringComparison.Ordinal));
    }

    [Fact]
    public void Report_NothingWithheld_EqualsTheSimulatorsGlobal()
    {
        // Given two sites with only large cells
        var query = AgeQuery(bins: 2);
        var policy = new SitePolicy();
        var sums = new[]
        {
            Sums("a", Ages([.. Times(20, 10), .. Times(15, 90)]), query, policy),
            Sums("b", Ages([.. Times(25, 30), .. Times(11, 70)]), query, policy),
        };
        var tables = sums.Select(s => StatisticsRelease.ForSite(s, query, policy)).ToList();

        // When
        var report = ReleasedGlobal.Report(sums.Zip(tables, (s, t) => (ReleasedSums.From(s, t), t)).ToList(), query);

        // Then
        var expected = StatisticsRelease.Report(sums, query, new Dictionary<string, SitePolicy> { ["a"] = policy, ["b"] = policy });
        Assert.Equal(StatisticsJson.Serialize(expected), StatisticsJson.Serialize(report));
    }

    [Fact]
    public void JsonReader_Report_ReadsBackWhatWasWritten()
    {
        // Given a report with withheld and undefined cells
        var query = AgeQuery(bins: 2, by: "sex", levels: ["F", "M"]);
        var policy = new SitePolicy();
        var sums = new[] { Sums("a", Ages([.. Times(20, 10), .. Times(3, 90)], [.. Enumerable.Repeat("F", 23)]), query, policy) };
        var json = StatisticsJson.Serialize(StatisticsRelease.Report(sums, query, new Dictionary<string, SitePolicy> { ["a"] = policy }));

        // When / Then
        Assert.Equal(json, StatisticsJson.Serialize(StatisticsJsonReader.Report(json)));
    }

    [Fact]
    public void JsonReader_ReportMissingAMemberOrWithANullRange_SaysWhichInsteadOfANullDereference()
    {
        // Given a written report, then the same with one site's notes removed, and with a range of null in its query
        var query = AgeQuery(bins: 2);
        var policy = new SitePolicy();
        var sums = new[] { Sums("a", Ages([.. Times(20, 10)]), query, policy) };
        var json = StatisticsJson.Serialize(StatisticsRelease.Report(sums, query, new Dictionary<string, SitePolicy> { ["a"] = policy }));
        var noNotes = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        noNotes["sites"]![0]!.AsObject().Remove("notes");
        var nullRange = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        nullRange["query"]!["ranges"] = new System.Text.Json.Nodes.JsonObject { ["age"] = null };

        // When / Then
        var missing = Assert.Throws<StatisticsException>(() => StatisticsJsonReader.Report(noNotes.ToJsonString()));
        Assert.EndsWith("$.sites[0].notes is missing", missing.Message, StringComparison.Ordinal);
        var range = Assert.Throws<StatisticsException>(() => StatisticsJsonReader.Report(nullRange.ToJsonString()));
        Assert.Equal("The range of 'age' must be [low, high].", range.Message);
    }

    [Fact]
    public void Budget_Restore_CountsEarlierSpendsSoTheNextQueryIsRefused()
    {
        // Given a budget of 2 that a ledger says has spent 2
        var policy = new SitePolicy(Epsilon: 1, EpsilonBudget: 2);
        var budget = new StatisticsBudget(policy);
        budget.Restore(NoiseMechanism.Laplace, 1, policy.Delta, 4);
        budget.Restore(NoiseMechanism.Laplace, 1, policy.Delta, 4);

        // When / Then
        Assert.Equal(2, budget.EpsilonSpent);
        var e = Assert.Throws<StatisticsException>(() => Sums("a", Ages([.. Times(20, 10)]), AgeQuery(), policy, budget));
        Assert.Contains("past the site's budget", e.Message, StringComparison.Ordinal);
    }
}
