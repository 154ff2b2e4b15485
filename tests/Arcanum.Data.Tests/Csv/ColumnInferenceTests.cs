using Arcanum.Data.Tables;
using Arcanum.Data.Tests.Support;

namespace Arcanum.Data.Tests.Csv;

public sealed class ColumnInferenceTests
{
    [Fact]
    public void ReadText_Integers_AreInteger()
    {
        // When
        var column = Some.Table("n\n1\n2\n3\n-4\n")["n"];

        // Then
        Assert.Equal(ColumnType.Integer, column.Type);
        Assert.Equal(-4, ((NumericColumn)column)[3]);
    }

    [Fact]
    public void ReadText_TwoDistinctIntegers_AreBinary()
    {
        // When
        var column = Assert.IsType<CategoricalColumn>(Some.Table("sex\n1\n0\n1\nNA\n")["sex"]);

        // Then
        Assert.Equal(ColumnType.Binary, column.Type);
        Assert.Equal(["0", "1"], column.Levels);
        Assert.Equal([1, 0, 1, -1], Enumerable.Range(0, 4).Select(column.Code));
    }

    [Fact]
    public void ReadText_Decimals_AreNumeric()
    {
        // When
        var column = Some.Table("x\n1\n2.5\n1e3\n")["x"];

        // Then
        Assert.Equal(ColumnType.Numeric, column.Type);
        Assert.Equal(1000, ((NumericColumn)column)[2]);
    }

    [Fact]
    public void ReadText_IsoDates_AreDaysSinceEpoch()
    {
        // When
        var column = Assert.IsType<NumericColumn>(Some.Table("d\n1970-01-02\n2024-02-29\n2024-03-01T12:00\n")["d"]);

        // Then
        Assert.Equal(ColumnType.Date, column.Type);
        Assert.Equal(1, column[0]);
        Assert.Equal(19782, column[1]);
        Assert.Equal(19783.5, column[2]);
        Assert.Equal("2024-02-29", column.RawValue(1));
    }

    [Fact]
    public void ReadText_TwoDistinctStrings_AreBinary()
    {
        // When
        var column = Assert.IsType<CategoricalColumn>(Some.Table("d\npos\nneg\npos\n")["d"]);

        // Then
        Assert.Equal(ColumnType.Binary, column.Type);
        Assert.Equal(["neg", "pos"], column.Levels);
    }

    [Fact]
    public void ReadText_SeveralStrings_AreCategorical()
    {
        // When
        var column = Assert.IsType<CategoricalColumn>(Some.Table("size\n<=20\n20-50\n>50\n<=20\n")["size"]);

        // Then
        Assert.Equal(ColumnType.Categorical, column.Type);
        Assert.Equal(3, column.Levels.Count);
    }

    [Fact]
    public void ReadText_ManyUniqueStrings_AreIdentifier()
    {
        // Given
        var text = "code\n" + string.Join("\n", Enumerable.Range(0, 25).Select(i => $"X{i}"));

        // When
        var column = Some.Table(text)["code"];

        // Then
        Assert.Equal(ColumnType.Identifier, column.Type);
    }

    [Fact]
    public void ReadText_FewUniqueStrings_AreCategorical()
    {
        // Given: unique, but too few rows to call it an identifier
        var text = "code\n" + string.Join("\n", Enumerable.Range(0, 10).Select(i => $"X{i}"));

        // When
        var column = Some.Table(text)["code"];

        // Then
        Assert.Equal(ColumnType.Categorical, column.Type);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("PTNO")]
    [InlineData("pid")]
    [InlineData("patient_id")]
    [InlineData("visit_id")]
    [InlineData("MRN")]
    public void ReadText_UniqueIntegersWithIdName_AreIdentifier(string name)
    {
        // When
        var column = Some.Table($"{name},x\n3,1\n1,2\n2,3\n")[name];

        // Then
        Assert.Equal(ColumnType.Identifier, column.Type);
        Assert.Equal("3", column.RawValue(0));
    }

    [Fact]
    public void ReadText_RepeatedIntegersWithIdName_AreNotIdentifier()
    {
        // When
        var column = Some.Table("id\n1\n1\n2\n3\n")["id"];

        // Then
        Assert.Equal(ColumnType.Integer, column.Type);
    }

    [Fact]
    public void ReadText_MixedNumbersAndText_AreCategorical()
    {
        // When
        var column = Some.Table("x\n1\n2\nthree\n4\n")["x"];

        // Then
        Assert.Equal(ColumnType.Categorical, column.Type);
    }

    [Fact]
    public void ReadText_AllMissing_IsNumericWithGaps()
    {
        // When
        var column = Some.Table("x,y\nNA,1\n,2\n")["x"];

        // Then
        Assert.Equal(ColumnType.Numeric, column.Type);
        Assert.Equal(2, column.MissingCount);
    }
}
