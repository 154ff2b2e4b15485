using Arcanum.Federated.Statistics;

namespace Arcanum.Federated.Tests.Statistics;

public sealed class StatisticsQueryTests
{
    [Fact]
    public void Validate_MistypedColumn_NamesItAndSuggestsTheNearest()
    {
        // Given a table with 'age' and a query for 'agee'
        var table = SomeTables.Ages([30, 40]);
        var query = new StatisticsQuery(["agee"], new Dictionary<string, ValueRange> { ["agee"] = new(0, 100) });

        // When
        var e = Assert.Throws<StatisticsException>(() => query.Validate(table));

        // Then
        Assert.Contains("no column 'agee'", e.Message);
        Assert.Contains("Did you mean 'age'?", e.Message);
    }

    [Fact]
    public void Validate_ColumnWithoutRange_SaysHowToDeclareOne()
    {
        // Given
        var query = new StatisticsQuery(["age"], new Dictionary<string, ValueRange>());

        // When
        var e = Assert.Throws<StatisticsException>(query.Validate);

        // Then
        Assert.Contains("'age' has no declared range", e.Message);
        Assert.Contains("age=0:100", e.Message);
    }

    [Fact]
    public void Validate_CategoricalColumn_PointsToGroupingByIt()
    {
        // Given
        var table = SomeTables.Ages([30, 40], ["F", "M"]);
        var query = new StatisticsQuery(["sex"], new Dictionary<string, ValueRange> { ["sex"] = new(0, 1) });

        // When
        var e = Assert.Throws<StatisticsException>(() => query.Validate(table));

        // Then
        Assert.Contains("not numeric", e.Message);
        Assert.Contains("--by", e.Message);
    }

    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(10, 1.0)]
    [InlineData(5000, 0.5)]
    public void Validate_BadBinsOrQuantile_Throws(int bins, double quantile)
    {
        // Given
        var query = SomeTables.AgeQuery(bins) with { Quantiles = [quantile] };

        // When/Then
        Assert.Throws<StatisticsException>(query.Validate);
    }
}
