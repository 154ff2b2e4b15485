using System.Globalization;
using Arcanum.Data.Tables;
using Arcanum.Synthesis.Conditions;
using Arcanum.Synthesis.Copula;
using Arcanum.Synthesis.Schema;
using static Arcanum.Synthesis.Tests.Copula.CopulaTestData;

namespace Arcanum.Synthesis.Tests.Copula;

public class GaussianCopulaConditioningTests
{
    [Fact]
    public void Sample_RareLevel_AllRowsMeetItAtFullAcceptanceAndLookLikeTheRealSubgroup()
    {
        // Given: "rare" is 2% of the real rows, whose x averages about 67 against 50 overall
        var conditions = RowConditions.Parse("group = rare", RealSchema);
        var realX = Numbers(Real, "x");
        var realGroup = Texts(Real, "group");
        var realRareMean = MeanWhere(realX, r => realGroup[r] == "rare");

        // When
        var result = ConditionalSampler.Sample(Model, 500, conditions, seed: 3);

        // Then
        Assert.Equal(500, result.Rows.RowCount);
        Assert.All(Texts(result.Rows, "group"), l => Assert.Equal("rare", l));
        AssertOneBatch(result);
        Assert.Equal(["group"], result.NativeColumns);
        var x = Numbers(result.Rows, "x");
        Assert.Equal(realRareMean, x.Average(), 3.0);
        Assert.True(x.Average() > realX.Average() + 10);
    }

    [Fact]
    public void Sample_NumberAboveItsNinetiethPercentile_ShiftsTheCorrelatedNumber()
    {
        // Given
        var realX = Numbers(Real, "x");
        var realY = Numbers(Real, "y");
        var q90 = realX.Order().ElementAt((int)(0.9 * realX.Length));
        var conditions = RowConditions.Parse(string.Create(CultureInfo.InvariantCulture, $"x >= {q90}"), RealSchema);
        var realShift = MeanWhere(realY, r => realX[r] >= q90);

        // When
        var result = ConditionalSampler.Sample(Model, 500, conditions, seed: 4);

        // Then
        AssertOneBatch(result);
        Assert.All(Numbers(result.Rows, "x"), v => Assert.True(v >= q90));
        Assert.True(realShift > realY.Average() + 15);
        Assert.Equal(realShift, Numbers(result.Rows, "y").Average(), 2.5);
    }

    [Fact]
    public void Sample_LevelAndRangeTogether_MeetsBoth()
    {
        var median = Numbers(Real, "y").Order().ElementAt(Rows / 2);
        var conditions = RowConditions.Parse(string.Create(CultureInfo.InvariantCulture, $"group = b and y < {median}"), RealSchema);

        var result = ConditionalSampler.Sample(Model, 400, conditions, seed: 6);

        AssertOneBatch(result);
        Assert.All(Texts(result.Rows, "group"), l => Assert.Equal("b", l));
        Assert.All(Numbers(result.Rows, "y"), v => Assert.True(v < median));
        Assert.Equal(2, Model.NativelyServed(conditions).Count);
    }

    [Fact]
    public void Sample_TwoCorrelatedNumbersBothHigh_MatchesTheRealRowsThatAre()
    {
        // Given: both x and y above their upper quartiles, about 17% of the real rows (two constrained dimensions: the Gibbs path)
        var realX = Numbers(Real, "x");
        var realY = Numbers(Real, "y");
        var realGroup = Texts(Real, "group");
        var where = string.Create(CultureInfo.InvariantCulture, $"x >= {realX.Order().ElementAt(3 * Rows / 4)} and y >= {realY.Order().ElementAt(3 * Rows / 4)}");
        var conditions = RowConditions.Parse(where, RealSchema);
        var meets = conditions.Matches(Real);

        // When
        var result = ConditionalSampler.Sample(Model, 2000, conditions, seed: 5);

        // Then
        AssertOneBatch(result);
        Assert.Equal(MeanWhere(realX, r => meets[r]), Numbers(result.Rows, "x").Average(), 0.8);
        Assert.Equal(MeanWhere(realY, r => meets[r]), Numbers(result.Rows, "y").Average(), 1.2);
        var realB = Enumerable.Range(0, Rows).Count(r => meets[r] && realGroup[r] == "b") / (double)meets.Count(m => m);
        Assert.Equal(realB, Texts(result.Rows, "group").Count(g => g == "b") / 2000.0, 0.05);
    }

    [Fact]
    public void Generate_StrictBoundOnATiedValueOfAnUnroundedColumn_SkipsTheTie()
    {
        // Given: full-precision ratios, 30% of them exactly 0
        var random = new Random(12);
        var ratio = Enumerable.Range(0, 2000).Select(_ => random.NextDouble() < 0.3 ? 0 : random.NextDouble()).ToArray();
        var table = new DataTable([new NumericColumn("ratio", ColumnType.Numeric, ratio), new NumericColumn("other", ColumnType.Numeric, ratio.Select(v => Math.Round(v * 10 + random.NextDouble(), 1)).ToArray())]);
        var schema = TableSchema.Learn(table);
        var model = GaussianCopula.Fit(table, schema);
        Assert.Equal(15, schema.Learned[0].Decimals);

        // When
        var positive = RowConditions.Parse("ratio > 0", schema);
        var nonzero = RowConditions.Parse("ratio != 0", schema);

        // Then
        Assert.All(Numbers(model.Generate(1000, positive, seed: 1), "ratio"), v => Assert.True(v > 0));
        Assert.All(Numbers(model.Generate(1000, nonzero, seed: 2), "ratio"), v => Assert.True(v != 0));
    }

    [Theory]
    [InlineData("group = rare")]
    [InlineData("x >= 62.8")]
    [InlineData("group = rare and x < 60")]
    [InlineData("group != b and y <= 100 and lab >= 4")]
    public void Generate_Conditioned_AlmostEveryRowMeetsTheConditions(string where)
    {
        var conditions = RowConditions.Parse(where, RealSchema);

        var rows = Model.Generate(2000, conditions, seed: 7);

        var met = conditions.Matches(rows).Count(m => m) / (double)rows.RowCount;
        Assert.True(met >= 0.99, $"only {met:P1} of the rows meet \"{where}\"");
    }

    [Fact]
    public void Generate_ConditionsOnIntegersDatesExclusionsAndAColumnWithMissingValues_MeetsThemAlmostAlways()
    {
        // Given: an excluded integer, a date range, a strict bound on a column that is sometimes missing, and a level set
        var conditions = RowConditions.Parse("count != 3 and count <= 5 and visit >= 2019-06-01 and lab > 5.5 and group != a", RealSchema);

        // When
        var rows = Model.Generate(2000, conditions, seed: 8);

        // Then
        var met = conditions.Matches(rows).Count(m => m) / (double)rows.RowCount;
        Assert.True(met >= 0.99, $"only {met:P1} of the rows meet the conditions");
        Assert.Equal(4, Model.NativelyServed(conditions).Count);
    }

    [Fact]
    public void Generate_EqualityOnAnInteger_HitsTheValueThroughRounding()
    {
        var conditions = RowConditions.Parse("count = 4", RealSchema);

        var rows = Model.Generate(1000, conditions, seed: 9);

        Assert.All(Numbers(rows, "count"), v => Assert.Equal(4, v));
    }

    /// <summary>
    /// The sampler draws 10% more rows than asked in its first batch and counts them all, so 1/1.1 is the best
    /// acceptance it reports; reaching it means every row of the first batch was needed at most.
    /// </summary>
    private static void AssertOneBatch(SamplingResult result) =>
        Assert.True(result.Generated <= Math.Max(64, Math.Ceiling(result.Rows.RowCount * 1.1)) && result.AcceptanceRate >= 0.9,
            $"acceptance {result.AcceptanceRate:P1} over {result.Generated} rows drawn");

    [Fact]
    public void Generate_Conditioned_IsDeterministicForASeed()
    {
        var conditions = RowConditions.Parse("group = b and x > 55", RealSchema);

        var first = Model.Generate(300, conditions, seed: 10);
        var second = Model.Generate(300, conditions, seed: 10);

        Assert.Equal(Cells(first), Cells(second));
    }
}
