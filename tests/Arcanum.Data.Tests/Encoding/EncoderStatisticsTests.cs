using Arcanum.Data.Encoding;
using Arcanum.Data.Tables;
using Arcanum.Data.Tests.Support;

namespace Arcanum.Data.Tests.Encoding;

public sealed class EncoderStatisticsTests
{
    private static readonly string[] Features = ["age", "bili", "sex", "stage", "visit"];

    [Fact]
    public void Compute_NumericColumn_GivesCountsMeanAndVariance()
    {
        // Given
        var table = Some.Table("x\n1\n2\nNA\n3\n6\n");

        // When
        var s = EncoderStatistics.Compute(table, ["x"]).Columns[0];

        // Then
        Assert.Equal(4, s.Count);
        Assert.Equal(1, s.MissingCount);
        Assert.Equal(12, s.Sum);
        Assert.Equal(50, s.SumOfSquares);
        Assert.Equal(3, s.Mean);
        Assert.Equal(3.5, s.Variance, 12);
    }

    [Fact]
    public void Compute_CategoricalColumn_CountsLevels()
    {
        // Given
        var table = Some.Table("g\na\nb\na\nc\n\n");

        // When
        var s = EncoderStatistics.Compute(table, ["g"]).Columns[0];

        // Then
        Assert.Equal(new Dictionary<string, long> { ["a"] = 2, ["b"] = 1, ["c"] = 1 }, s.LevelCounts);
    }

    [Fact]
    public void Compute_IdentifierColumn_Throws()
    {
        // Given
        var table = Some.Mixed(30);

        // When
        var error = Assert.Throws<ArgumentException>(() => EncoderStatistics.Compute(table, ["id", "age"]));

        // Then
        Assert.Contains("'id' is an identifier", error.Message);
    }

    [Fact]
    public void Merge_SitesOfOneTable_EncodesExactlyAsComputeOnAll()
    {
        // Given
        var table = Some.Mixed(300, seed: 7);
        var parts = new[] { Enumerable.Range(0, 37), Enumerable.Range(37, 150), Enumerable.Range(187, 113) }
            .Select(r => table.Select(r.ToArray())).ToArray();

        // When
        var pooled = FeatureEncoder.Fit(EncoderStatistics.Compute(table, Features));
        var merged = FeatureEncoder.Fit(EncoderStatistics.Merge(parts.Select(p => EncoderStatistics.Compute(p, Features)).Reverse()));

        // Then
        Assert.Equal(pooled.ToJson(), merged.ToJson());
        Assert.Equal(pooled.Encode(table), merged.Encode(table));
    }

    [Fact]
    public void Merge_ManySmallSitesInAnyOrder_SumsBitForBit()
    {
        // Given: values whose float sums depend on order
        var random = new Random(3);
        var values = Enumerable.Range(0, 200).Select(_ => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-8, 9))).ToArray();
        var table = Some.Table("x\n" + string.Join("\n", values.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))));
        var sites = Enumerable.Range(0, 20).Select(i => EncoderStatistics.Compute(table.Select(Enumerable.Range(i * 10, 10).ToArray()), ["x"])).ToArray();

        // When
        var all = EncoderStatistics.Compute(table, ["x"]).Columns[0];
        var merged = EncoderStatistics.Merge(sites.OrderBy(_ => random.Next())).Columns[0];

        // Then
        Assert.Equal(all.Sum, merged.Sum);
        Assert.Equal(all.SumOfSquares, merged.SumOfSquares);
        Assert.Equal(all.Variance, merged.Variance);
    }

    [Fact]
    public void Merge_BinarySitesWithDifferentLevels_BecomesCategorical()
    {
        // Given
        var a = EncoderStatistics.Compute(Some.Table("g\nx\ny\n"), ["g"]);
        var b = EncoderStatistics.Compute(Some.Table("g\ny\nz\n"), ["g"]);

        // When
        var merged = EncoderStatistics.Merge([a, b]).Columns[0];

        // Then
        Assert.Equal(ColumnType.Categorical, merged.Type);
        Assert.Equal(3, merged.LevelCounts.Count);
    }

    [Fact]
    public void Merge_IncompatibleTypes_SaysWhatToDoInAUsersWords()
    {
        // Given
        var a = EncoderStatistics.Compute(Some.Table("g\n1\n2\n3\n"), ["g"]);
        var b = EncoderStatistics.Compute(Some.Table("g\nx\ny\nz\n"), ["g"]);

        // When
        var error = Assert.Throws<ArgumentException>(() => EncoderStatistics.Merge([a, b]));

        // Then
        Assert.Contains("Column 'g' holds numbers at one site and categories (text) at another", error.Message);
        Assert.Contains("\"exclude\"", error.Message);
        Assert.DoesNotContain("TypeOverrides", error.Message);   // an API name, not something a user can set
    }

    [Fact]
    public void Merge_DifferentColumns_Throws()
    {
        // Given
        var table = Some.Mixed(20);
        var a = EncoderStatistics.Compute(table, ["age"]);
        var b = EncoderStatistics.Compute(table, ["bili"]);

        // When / Then
        Assert.Throws<ArgumentException>(() => EncoderStatistics.Merge([a, b]));
    }
}
