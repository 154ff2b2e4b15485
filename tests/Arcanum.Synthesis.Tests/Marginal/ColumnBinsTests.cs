using Arcanum.Data.Tables;
using Arcanum.Synthesis.Conditions;
using Arcanum.Synthesis.Marginal;
using Arcanum.Synthesis.Schema;

namespace Arcanum.Synthesis.Tests.Marginal;

public class ColumnBinsTests
{
    [Fact]
    public void Integers_FewerValuesThanBins_OneBinEach()
    {
        var bins = ColumnBins.Integers(0, 5, 32);

        Assert.Equal(6, bins.Bins);
        Assert.Equal(7, bins.Cells);
        Assert.Equal(3, bins.Encode(3));
        Assert.Equal(3.0, bins.Decode(3, new Random(1)));
    }

    [Fact]
    public void Integers_ManyValues_EveryValueInExactlyOneBin()
    {
        var bins = ColumnBins.Integers(0, 100, 7);
        var random = new Random(2);

        var seen = new int[bins.Bins];
        for (var v = 0; v <= 100; v++) seen[bins.Encode(v)]++;

        Assert.Equal(7, bins.Bins);
        Assert.Equal(101, seen.Sum());
        Assert.All(seen, s => Assert.InRange(s, 14, 15));
        for (var cell = 0; cell < bins.Bins; cell++)
        {
            var value = bins.Decode(cell, random);
            Assert.Equal(Math.Round(value), value);
            Assert.Equal(cell, bins.Encode(value));
        }
    }

    [Fact]
    public void Encode_OutsideTheRangeOrMissing_EndBinsAndTheMissingCell()
    {
        var bins = ColumnBins.Continuous(10, 20, 5);

        Assert.Equal(0, bins.Encode(-100));
        Assert.Equal(4, bins.Encode(20));
        Assert.Equal(4, bins.Encode(1e9));
        Assert.Equal(bins.MissingCell, bins.Encode(double.NaN));
        Assert.True(double.IsNaN(bins.Decode(bins.MissingCell, new Random(1))));
    }

    [Fact]
    public void Decode_WithACondition_StaysInsideBinAndCondition()
    {
        var bins = ColumnBins.Continuous(0, 10, 5);
        var constraint = Constraint("x >= 3.5");
        var random = new Random(3);

        var values = Enumerable.Range(0, 200).Select(_ => bins.Decode(1, random, constraint)).ToArray();

        Assert.All(values, v => Assert.InRange(v, 3.5, 4));
        Assert.Equal(0.25, bins.Coverage(1, constraint), 12);
        Assert.Equal(0, bins.Coverage(0, constraint));
        Assert.Equal(1, bins.Coverage(3, constraint));
        Assert.Equal(0, bins.Coverage(bins.MissingCell, constraint));
    }

    [Fact]
    public void Coverage_Integers_CountsTheWholeNumbersAllowed()
    {
        var bins = ColumnBins.Integers(0, 9, 2);   // 0-4 and 5-9

        var constraint = Constraint("x > 2");

        Assert.Equal(2 / 5.0, bins.Coverage(0, constraint), 12);
        Assert.Equal(1, bins.Coverage(1, constraint));
    }

    [Fact]
    public void Geometric_Integers_SmallCountsOneBinEachThenHalfOctaves()
    {
        var bins = ColumnBins.Geometric(0, 4096, 32, integer: true);

        Assert.Equal([0.0, 1, 2, 3, 4, 6, 8, 11, 16], bins.Edges.Take(9));
        Assert.Equal(4097, bins.Edges[^1]);
        Assert.Equal(bins.Bins - 1, bins.Encode(4000));
        Assert.Equal(5, bins.Encode(7));
    }

    private static ColumnConstraint Constraint(string text)
    {
        var schema = new TableSchema([new ColumnSchema { Name = "x", Type = ColumnType.Numeric, Min = 0, Max = 10, Decimals = 3 }], 10);
        return RowConditions.Parse(text, schema).Constraints[0];
    }
}
