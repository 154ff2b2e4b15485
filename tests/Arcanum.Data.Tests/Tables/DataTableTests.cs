using Arcanum.Data.Tables;
using Arcanum.Data.Tests.Support;

namespace Arcanum.Data.Tests.Tables;

public sealed class DataTableTests
{
    [Fact]
    public void Indexer_UnknownColumn_ListsAvailableColumns()
    {
        // Given
        var table = Some.Table("a,b\n1,2\n");

        // When
        var error = Assert.Throws<KeyNotFoundException>(() => table["c"]);

        // Then
        Assert.Contains("'c'", error.Message);
        Assert.Contains("a, b", error.Message);
    }

    [Fact]
    public void Select_Rows_KeepsSchemaAndOrder()
    {
        // Given
        var table = Some.Table("x,g\n1,a\n2,b\n3,c\n");

        // When
        var subset = table.Select([2, 0]);

        // Then
        Assert.Equal(2, subset.RowCount);
        Assert.Equal(["x", "g"], subset.Columns.Select(c => c.Name));
        Assert.Equal(ColumnType.Categorical, subset["g"].Type);
        Assert.Equal("3", subset["x"].RawValue(0));
        Assert.Equal("a", subset["g"].RawValue(1));
        Assert.Equal(3, ((CategoricalColumn)subset["g"]).Levels.Count);
    }

    [Fact]
    public void ToString_TableWithValues_ShowsShapeNotValues()
    {
        // Given
        var table = Some.Table("name,age\nAlice Secret,42\nBob Private,37\n");

        // When
        var text = table + " " + table["name"] + " " + table["age"];

        // Then
        Assert.Contains("2 rows x 2 columns", text);
        Assert.DoesNotContain("Alice", text);
        Assert.DoesNotContain("42", text);
    }

    [Fact]
    public void Contains_KnownAndUnknown_AnswersByName()
    {
        // Given
        var table = Some.Table("a\n1\n");

        // When / Then
        Assert.True(table.Contains("a"));
        Assert.False(table.Contains("A"));
    }
}
