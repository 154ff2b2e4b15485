using System.Text.Json;
using Arcanum.Federated.Statistics;
using static Arcanum.Federated.Tests.Statistics.SomeTables;

namespace Arcanum.Federated.Tests.Statistics;

public sealed class StatisticsTextTests
{
    private static StatisticsReport SomeReport()
    {
        // Site a: bins 3, 12, 15, 10 (two withheld); site b: 20 in each bin
        var policy = new SitePolicy(MinCellCount: 10);
        var query = AgeQuery() with { Quantiles = [0.5] };
        double[] a = [.. Times(3, 10), .. Times(12, 30), .. Times(15, 60), .. Times(10, 90)];
        double[] b = [.. Times(20, 10), .. Times(20, 30), .. Times(20, 60), .. Times(20, 90)];
        var sums = new[] { Sums("hospital-a", Ages(a), query, policy), Sums("hospital-b", Ages(b), query, policy) };
        return StatisticsRelease.Report(sums, query, sums.ToDictionary(s => s.Site, _ => policy));
    }

    [Fact]
    public void Render_Report_ShowsEachSourceWithItsGuardsAndTheQuantileError()
    {
        // Given/When
        var text = StatisticsText.Render(SomeReport());

        // Then mean (3·10 + 12·30 + 15·60 + 10·90)/40 = 54.75; variance (146100 − 40·54.75²)/39 = 671.7;
        // the 20th of 40 values lies in bin 50..75
        Assert.Equal(
            """
            hospital-a (cells below 10 withheld; no noise)
              group  column  rows  count  missing  mean   variance  q50
              (all)  age     40    40     0        54.75  671.7     62.5
              quantiles: bin midpoints, within half a bin (age ±12.5); * = end bin, may hold clamped values
              note: 'age': 2 of 5 counts withheld (below 10, or revealing one by subtraction).
            """.ReplaceLineEndings("\n"),
            text.Split("\n\n")[0]);
        Assert.Contains("global (cells below 10 withheld; no noise)", text);
    }

    [Fact]
    public void Serialize_WithheldCell_IsTheStringWithheldNeverZero()
    {
        // Given/When
        using var json = JsonDocument.Parse(StatisticsJson.Serialize(SomeReport()));

        // Then
        var histogram = json.RootElement.GetProperty("sites")[0].GetProperty("rows")[0].GetProperty("histogram");
        Assert.Equal("withheld", histogram[0].GetString());
        Assert.Equal(12, histogram[1].GetDouble());
        Assert.Equal("global", json.RootElement.GetProperty("global").GetProperty("source").GetString());
        var median = json.RootElement.GetProperty("global").GetProperty("rows")[0].GetProperty("quantiles")[0];
        Assert.Equal(12.5, median.GetProperty("error_bound").GetDouble());
    }
}
