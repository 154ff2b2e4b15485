using System.Globalization;
using Arcanum.Data.Encoding;
using Arcanum.Data.Tables;
using Arcanum.Data.Tests.Support;

namespace Arcanum.Data.Tests.Encoding;

public sealed class EncoderStatisticsJsonTests
{
    private static readonly string[] Features = ["age", "bili", "sex", "stage", "visit"];

    [Fact]
    public void ToJson_SmallTable_IsCompactAndReadable()
    {
        // Given
        var table = Some.Table("age,bili,sex\n50,1.5,F\n60,2.25,F\nNA,0.5,M\n72,3,F\n");

        // When
        var json = EncoderStatistics.Compute(table, ["age", "bili", "sex"]).ToJson();

        // Then
        Assert.Equal(
            """{"version":1,"row_count":4,"columns":[""" +
            """{"name":"age","type":"integer","count":3,"missing":1,"sum":"182","sum_of_squares":"11284"},""" +
            """{"name":"bili","type":"numeric","count":4,"missing":0,"sum":"29p-2","sum_of_squares":"265p-4"},""" +
            """{"name":"sex","type":"binary","count":4,"missing":0,"levels":{"F":3,"M":1}}]}""",
            json);
    }

    [Fact]
    public void FromJson_OwnOutput_ReadsBackTheSameStatistics()
    {
        // Given
        var statistics = EncoderStatistics.Compute(Some.Mixed(200, seed: 5), Features);

        // When
        var read = EncoderStatistics.FromJson(statistics.ToJson());

        // Then
        Assert.Equal(statistics.ToJson(), read.ToJson());
        Assert.Equal(statistics.RowCount, read.RowCount);
        Assert.Equal(statistics.Columns.Select(c => (c.Name, c.Type, c.Count, c.MissingCount, c.Sum, c.SumOfSquares, c.Variance)),
            read.Columns.Select(c => (c.Name, c.Type, c.Count, c.MissingCount, c.Sum, c.SumOfSquares, c.Variance)));
        Assert.Equal(statistics.Columns.Select(c => c.LevelCounts), read.Columns.Select(c => c.LevelCounts));
    }

    [Fact]
    public void Merge_OfSitesSentOverTheWire_FitsTheEncoderOfThePooledTable()
    {
        // Given
        var table = Some.Mixed(300, seed: 7);
        var parts = new[] { Enumerable.Range(0, 37), Enumerable.Range(37, 150), Enumerable.Range(187, 113) }
            .Select(r => EncoderStatistics.Compute(table.Select(r.ToArray()), Features)).ToArray();

        // When
        var sent = EncoderStatistics.Merge(parts.Select(p => EncoderStatistics.FromJson(p.ToJson())));

        // Then
        var pooled = FeatureEncoder.Fit(EncoderStatistics.Compute(table, Features)).ToJson();
        Assert.Equal(pooled, FeatureEncoder.Fit(sent).ToJson());
        Assert.Equal(FeatureEncoder.Fit(EncoderStatistics.Merge(parts)).ToJson(), FeatureEncoder.Fit(sent).ToJson());
    }

    [Fact]
    public void Merge_OfSitesSentOverTheWire_SumsBitForBitWhateverTheMagnitudes()
    {
        // Given: tiny, subnormal, huge and negative values, whose float sums depend on order
        var random = new Random(11);
        var values = Enumerable.Range(0, 120).Select(_ => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-300, 300)))
            .Concat([double.Epsilon, -double.Epsilon * 3, 1e300, -1e-310, 0.1, 0.2]).ToArray();
        var table = Some.Table("x\n" + string.Join("\n", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        var sites = Enumerable.Range(0, 6).Select(i => EncoderStatistics.Compute(table.Select(Enumerable.Range(i * 21, 21).ToArray()), ["x"])).ToArray();

        // When
        var wire = EncoderStatistics.Merge(sites.Select(s => EncoderStatistics.FromJson(s.ToJson())).Reverse());

        // Then
        var pooled = EncoderStatistics.Compute(table, ["x"]);
        Assert.Equal(pooled.ToJson(), wire.ToJson());
        Assert.Equal(pooled.Columns[0].Sum, wire.Columns[0].Sum);
        Assert.Equal(pooled.Columns[0].Variance, wire.Columns[0].Variance);
    }

    [Theory]
    [InlineData(0.5, "1p-1")]
    [InlineData(-3.0, "-3")]
    [InlineData(1024.0, "1024")]
    [InlineData(double.Epsilon, "1p-1074")]
    [InlineData(0.0, "0")]
    public void ExactSumText_Double_IsCanonicalAndReadsBack(double value, string text)
    {
        // When
        var written = ExactSum.Of(value).ToText();
        var ok = ExactSum.TryParseText(written, out var read);

        // Then
        Assert.Equal(text, written);
        Assert.True(ok);
        Assert.Equal(value, read.ToDouble());
    }

    [Theory]
    [InlineData("1e5")]
    [InlineData(" 1")]
    [InlineData("+1")]
    [InlineData("1.5")]
    [InlineData("1p")]
    [InlineData("p3")]
    [InlineData("1p-2149")]
    [InlineData("1p2112")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("١")]
    public void ExactSumText_NotTheFormOrOutOfRange_IsRefused(string text) =>
        Assert.False(ExactSum.TryParseText(text, out _));

    public static TheoryData<string, string> Hostile => new()
    {
        { "not json", "not valid JSON" },
        { "[]", "expected a JSON object" },
        { """{"row_count":1,"columns":[]}""", "missing field 'version'" },
        { """{"version":2,"row_count":1,"columns":[]}""", "unsupported version 2" },
        { """{"version":"1","row_count":1,"columns":[]}""", "unsupported version \"1\"" },
        { """{"version":1,"columns":[]}""", "lacks field 'row_count'" },
        { """{"version":1,"row_count":1}""", "lacks field 'columns'" },
        { """{"version":1,"row_count":1,"columns":[]}""", "'columns' is empty" },
        { """{"version":1,"row_count":1,"columns":{}}""", "'columns' must be an array" },
        { """{"version":1,"row_count":-1,"columns":[]}""", "'row_count' of the document is negative" },
        { """{"version":1,"row_count":1e400,"columns":[]}""", "must be a whole number" },
        { """{"version":1,"row_count":1.5,"columns":[]}""", "must be a whole number" },
        { """{"version":1,"row_count":1,"extra":0,"columns":[]}""", "unknown field 'extra'" },
        { """{"version":1,"row_count":1,"row_count":2,"columns":[]}""", "field 'row_count' twice" },
        { Column("""{"type":"numeric","count":1,"missing":0,"sum":"1","sum_of_squares":"1"}"""), "lacks field 'name'" },
        { Column("""{"name":"","type":"numeric","count":1,"missing":0,"sum":"1","sum_of_squares":"1"}"""), "has no name" },
        { Column("""{"name":"x","type":"text","count":1,"missing":0,"sum":"1","sum_of_squares":"1"}"""), "unknown type \"text\"" },
        { Column("""{"name":"x","type":"identifier","count":1,"missing":0,"levels":{"a":1}}"""), "unknown type \"identifier\"" },
        { Column("""{"name":"x","type":"numeric","count":-1,"missing":2,"sum":"1","sum_of_squares":"1"}"""), "'count' of column 'x' is negative" },
        { Column("""{"name":"x","type":"numeric","count":1,"missing":-1,"sum":"1","sum_of_squares":"1"}"""), "'missing' of column 'x' is negative" },
        { Column("""{"name":"x","type":"numeric","count":5,"missing":0,"sum":"1","sum_of_squares":"1"}"""), "not the 1 rows" },
        { Column("""{"name":"x","type":"numeric","count":1,"missing":0,"sum_of_squares":"1"}"""), "lacks field 'sum'" },
        { Column("""{"name":"x","type":"numeric","count":1,"missing":0,"sum":"NaN","sum_of_squares":"1"}"""), "not an exact finite sum" },
        { Column("""{"name":"x","type":"numeric","count":1,"missing":0,"sum":"Infinity","sum_of_squares":"1"}"""), "not an exact finite sum" },
        { Column("""{"name":"x","type":"numeric","count":1,"missing":0,"sum":NaN,"sum_of_squares":"1"}"""), "not valid JSON" },
        { Column("""{"name":"x","type":"numeric","count":1,"missing":0,"sum":1.5,"sum_of_squares":"1"}"""), "not an exact finite sum" },
        { Column("""{"name":"x","type":"numeric","count":1,"missing":0,"sum":"1p2147483647","sum_of_squares":"1"}"""), "not an exact finite sum" },
        { Column("""{"name":"x","type":"numeric","count":1,"missing":0,"sum":"1","sum_of_squares":"-1"}"""), "negative sum of squares" },
        { Column("""{"name":"x","type":"numeric","count":0,"missing":1,"sum":"1","sum_of_squares":"1"}"""), "no values but non-zero sums" },
        { Column("""{"name":"x","type":"numeric","count":1,"missing":0,"sum":"1","sum_of_squares":"1","levels":{"a":1}}"""), "cannot have 'levels'" },
        { Column("""{"name":"x","type":"categorical","count":1,"missing":0,"sum":"1","levels":{"a":1}}"""), "cannot have 'sum'" },
        { Column("""{"name":"x","type":"categorical","count":1,"missing":0}"""), "lacks field 'levels'" },
        { Column("""{"name":"x","type":"categorical","count":1,"missing":0,"levels":[1]}"""), "'levels' of column 'x' must be a JSON object" },
        { Column("""{"name":"x","type":"categorical","count":1,"missing":0,"levels":{"a":1,"a":0}}"""), "count of 0" },
        { Column("""{"name":"x","type":"categorical","count":2,"missing":-1,"levels":{"a":2}}"""), "negative" },
        { Column("""{"name":"x","type":"categorical","count":1,"missing":0,"levels":{"a":-1}}"""), "'levels.a' of column 'x' is negative" },
        { Column("""{"name":"x","type":"categorical","count":1,"missing":0,"levels":{"a":1,"\u0061":1}}"""), "level 'a' twice" },
        { Column("""{"name":"x","type":"categorical","count":1,"missing":0,"levels":{"a":1,"b":1}}"""), "add up to more than its 1 values" },
        { """{"version":1,"row_count":3,"columns":[{"name":"x","type":"categorical","count":3,"missing":0,"levels":{"a":1}}]}""", "add up to 1, not its 3 values" },
        { """{"version":1,"row_count":3,"columns":[{"name":"x","type":"binary","count":3,"missing":0,"levels":{"a":1,"b":1,"c":1}}]}""", "binary but has 3 levels" },
        { """{"version":1,"row_count":1,"columns":[""" + X + "," + X + "]}", "column 'x' is listed twice" },
        { """{"version":1,"row_count":1,"columns":[[[[[[[[[[1]]]]]]]]]]}""", "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void FromJson_MalformedOrHostile_ThrowsFormatExceptionNamingTheProblem(string json, string problem)
    {
        // When
        var error = Assert.Throws<FormatException>(() => EncoderStatistics.FromJson(json));

        // Then
        Assert.StartsWith("Invalid encoder statistics:", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void FromJson_HugeMantissa_IsRefusedBeforeArithmetic()
    {
        // Given
        var json = Column($$"""{"name":"x","type":"numeric","count":1,"missing":0,"sum":"{{new string('9', 100_000)}}","sum_of_squares":"1"}""");

        // When
        var error = Assert.Throws<FormatException>(() => EncoderStatistics.FromJson(json));

        // Then
        Assert.Contains("not an exact finite sum", error.Message);
        Assert.True(error.Message.Length < 500, "the message quotes only the start of the hostile text");
    }

    [Fact]
    public void FromJson_MoreThanMaxLevels_Throws()
    {
        // Given
        var n = EncoderStatistics.MaxLevels + 1;
        var levels = string.Join(",", Enumerable.Range(0, n).Select(i => $"\"l{i}\":1"));
        var json = $$$"""{"version":1,"row_count":{{{n}}},"columns":[{"name":"x","type":"categorical","count":{{{n}}},"missing":0,"levels":{{{{levels}}}}}]}""";

        // When
        var error = Assert.Throws<FormatException>(() => EncoderStatistics.FromJson(json));

        // Then
        Assert.Contains($"{n} levels, more than {EncoderStatistics.MaxLevels}", error.Message);
    }

    [Fact]
    public void ToJson_MoreThanMaxLevels_ThrowsAtTheSite()
    {
        // Given
        var n = EncoderStatistics.MaxLevels + 1;
        var levels = Enumerable.Range(0, n).Select(i => $"l{i}").ToArray();
        var table = new DataTable([new CategoricalColumn("g", ColumnType.Categorical, levels, Enumerable.Range(0, n).ToArray())]);
        var statistics = EncoderStatistics.Compute(table, ["g"]);

        // When
        var error = Assert.Throws<InvalidOperationException>(statistics.ToJson);

        // Then
        Assert.Contains("'g'", error.Message);
    }

    private const string X = """{"name":"x","type":"numeric","count":1,"missing":0,"sum":"1","sum_of_squares":"1"}""";

    private static string Column(string column) => $$"""{"version":1,"row_count":1,"columns":[{{column}}]}""";
}
