using Arcanum.Data.Tables;
using Arcanum.Data.Tests.Support;

namespace Arcanum.Data.Tests.Csv;

public sealed class CsvTableReaderTests
{
    [Theory]
    [InlineData(';')]
    [InlineData(',')]
    [InlineData('\t')]
    [InlineData('|')]
    public void ReadText_DelimiterNotGiven_DetectsIt(char delimiter)
    {
        // Given
        var text = string.Join("\n", "a,b,c", "1,2.5,x", "3,4.5,y", "5,6,z").Replace(',', delimiter);

        // When
        var table = Some.Table(text);

        // Then
        Assert.Equal(["a", "b", "c"], table.Columns.Select(c => c.Name));
        Assert.Equal(3, table.RowCount);
        Assert.Equal("4.5", table["b"].RawValue(1));
    }

    [Fact]
    public void ReadText_SemicolonsWithDecimalPoints_DetectsSemicolon()
    {
        // Given: PBC3's layout
        var text = "ptno;unit;alkph\n1;2;682.5\n2;2;1360\n";

        // When
        var table = Some.Table(text);

        // Then
        Assert.Equal(3, table.Columns.Count);
        Assert.Equal("682.5", table["alkph"].RawValue(0));
    }

    [Fact]
    public void ReadText_ExplicitDelimiter_UsesIt()
    {
        // Given
        var text = "a;b\n1,5;2\n";

        // When
        var table = Some.Table(text, new CsvReadOptions { Delimiter = ';' });

        // Then
        Assert.Equal(2, table.Columns.Count);
        Assert.Equal("1,5", table["a"].RawValue(0));
    }

    [Fact]
    public void ReadText_BomCrlfAndQuotedFields_ReadsCleanly()
    {
        // Given
        var text = "\uFEFF\"name\",\"note\",n\r\n\"Smith, J\",\"said \"\"hi\"\"\r\ntwice\",1\r\n\"Doe\",plain,2\r\n";

        // When
        var table = Some.Table(text);

        // Then
        Assert.Equal(["name", "note", "n"], table.Columns.Select(c => c.Name));
        Assert.Equal("Smith, J", table["name"].RawValue(0));
        Assert.Equal("said \"hi\"\r\ntwice", table["note"].RawValue(0));
        Assert.Equal("2", table["n"].RawValue(1));
    }

    [Fact]
    public void ReadText_MissingTokens_ReadAsMissing()
    {
        // Given
        var text = "x,g\n1,a\nNA,NA\n,\nNaN,null\n?,.\nN/A,NULL\n2,b\n3,b\n";

        // When
        var table = Some.Table(text);

        // Then
        Assert.Equal(ColumnType.Integer, table["x"].Type);
        Assert.Equal(5, table["x"].MissingCount);
        Assert.Equal(ColumnType.Binary, table["g"].Type);
        Assert.Equal(5, table["g"].MissingCount);
        Assert.Null(table["g"].RawValue(3));
    }

    [Fact]
    public void ReadText_CustomMissingTokens_OnlyThoseAndEmptyAreMissing()
    {
        // Given
        var options = new CsvReadOptions { MissingTokens = new HashSet<string> { "-99" } };

        // When
        var table = Some.Table("x,y\n-99,NA\n3,b\n,c\n", options);

        // Then
        Assert.Equal(2, table["x"].MissingCount);
        Assert.Equal(0, table["y"].MissingCount);
        Assert.Equal("NA", table["y"].RawValue(0));
    }

    [Fact]
    public void ReadText_ZeroMeansMissing_ReadsZerosAsMissing()
    {
        // Given
        var options = new CsvReadOptions { ZeroMeansMissing = new HashSet<string> { "insulin" } };

        // When
        var table = Some.Table("insulin,pregnant\n0,0\n94,1\n0.0,2\n168,3\n", options);

        // Then
        Assert.Equal(2, table["insulin"].MissingCount);
        Assert.Equal(0, table["pregnant"].MissingCount);
    }

    [Fact]
    public void ReadText_OverrideForcesCategorical_KeepsLevels()
    {
        // Given
        var options = new CsvReadOptions { TypeOverrides = new Dictionary<string, ColumnType> { ["stage"] = ColumnType.Categorical } };

        // When
        var table = Some.Table("stage\n3\n1\n4\n2\n3\n", options);

        // Then
        var stage = Assert.IsType<CategoricalColumn>(table["stage"]);
        Assert.Equal(ColumnType.Categorical, stage.Type);
        Assert.Equal(["1", "2", "3", "4"], stage.Levels);
    }

    [Fact]
    public void ReadText_OverrideForcesNumericOnText_FailsWithLineAndColumn()
    {
        // Given
        var options = new CsvReadOptions { TypeOverrides = new Dictionary<string, ColumnType> { ["bili"] = ColumnType.Numeric } };
        var text = "id;bili\n1;12\n2;abc\n";

        // When
        var error = Assert.Throws<DataFormatException>(() => CsvTableReader.ReadText(text, "/tmp/pbc3.csv", options));

        // Then
        Assert.StartsWith("pbc3.csv line 3, column 'bili': the cell is not a number (column is numeric", error.Message);
        Assert.Equal(3, error.Line);
        Assert.Equal("bili", error.ColumnName);
        Assert.Equal("/tmp/pbc3.csv", error.Source);
    }

    [Fact]
    public void ReadText_TextInANumericColumn_FailsWithLineAndColumn()
    {
        // Given: twelve lab values and one stray word on data line 9 (file line 10)
        var values = new[] { "1.5", "2", "3.25", "4", "5", "6.5", "7", "8", "abc", "10", "11", "12" };
        var text = "id,bili\n" + string.Join("\n", values.Select((v, i) => $"{i + 1},{v}"));

        // When
        var e = Assert.Throws<DataFormatException>(() => Some.Table(text));

        // Then
        Assert.Equal(10, e.Line);
        Assert.Equal("bili", e.ColumnName);
        Assert.Contains("the cell is not a number", e.Message);
        Assert.DoesNotContain("abc", e.Message);
    }

    [Fact]
    public void ReadText_TextColumnWithSomeNumbers_StaysCategorical()
    {
        // Given: half numbers, half words — a genuine categorical column, not a data error
        var text = "grade\n" + string.Join("\n", Enumerable.Range(0, 12).Select(i => i % 2 == 0 ? "1" : i % 4 == 1 ? "low" : "high"));

        // When
        var table = Some.Table(text);

        // Then
        Assert.Equal(ColumnType.Categorical, table["grade"].Type);
    }

    [Fact]
    public void ReadText_OverrideUnknownColumn_ListsColumns()
    {
        // Given
        var options = new CsvReadOptions { TypeOverrides = new Dictionary<string, ColumnType> { ["nope"] = ColumnType.Numeric } };

        // When
        var error = Assert.Throws<ArgumentException>(() => Some.Table("a,b\n1,2\n", options));

        // Then
        Assert.Contains("'nope'", error.Message);
        Assert.Contains("a, b", error.Message);
    }

    [Fact]
    public void ReadText_OverrideIntegerOnDecimals_SaysNotWhole()
    {
        // Given
        var options = new CsvReadOptions { TypeOverrides = new Dictionary<string, ColumnType> { ["n"] = ColumnType.Integer } };

        // When
        var error = Assert.Throws<DataFormatException>(() => Some.Table("n\n1\n\n2.5\n", options));

        // Then: line 4, because the blank line 3 still counts
        Assert.Equal("test.csv line 4, column 'n': the cell is not a whole number (column is integer)", error.Message);
    }

    [Fact]
    public void ReadText_OverrideBinaryWithThreeValues_NamesThirdValue()
    {
        // Given
        var options = new CsvReadOptions { TypeOverrides = new Dictionary<string, ColumnType> { ["g"] = ColumnType.Binary } };

        // When
        var error = Assert.Throws<DataFormatException>(() => Some.Table("g\na\nb\na\nc\n", options));

        // Then
        Assert.Equal(5, error.Line);
        Assert.Contains("the cell is a third distinct value", error.Message);
    }

    [Fact]
    public void ReadText_RowWithWrongFieldCount_NamesLineAndCounts()
    {
        // Given
        var text = "a,b,c\n1,2,3\n4,5\n";

        // When
        var error = Assert.Throws<DataFormatException>(() => Some.Table(text));

        // Then
        Assert.Equal("test.csv line 3 has 2 fields; the header has 3", error.Message);
        Assert.Equal(3, error.Line);
        Assert.Null(error.ColumnName);
    }

    [Fact]
    public void ReadText_QuotedLineBreak_LaterErrorsCountPhysicalLines()
    {
        // Given
        var text = "a,b\n\"x\ny\",1\nz,oops,3\n";

        // When
        var error = Assert.Throws<DataFormatException>(() => Some.Table(text));

        // Then
        Assert.Equal(4, error.Line);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\uFEFF")]
    [InlineData("  \r\n\n")]
    public void ReadText_EmptyFile_SaysHeaderRequired(string text)
    {
        // When
        var error = Assert.Throws<DataFormatException>(() => Some.Table(text));

        // Then
        Assert.Contains("empty", error.Message);
        Assert.Contains("header", error.Message);
    }

    [Fact]
    public void ReadText_DuplicateHeader_NamesPositionsNotTheName()
    {
        // Given a file whose first line is a patient's record, not a header
        const string text = "Jane Roe,1951,Jane Roe\n1,2,3\n";

        // When
        var error = Assert.Throws<DataFormatException>(() => Some.Table(text));

        // Then
        Assert.DoesNotContain("Jane", error.Message);
        Assert.Contains("columns 1 and 3", error.Message);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void ReadText_BlankHeaderName_NamesPosition()
    {
        // When
        var error = Assert.Throws<DataFormatException>(() => Some.Table("a,,c\n1,2,3\n"));

        // Then
        Assert.Contains("column 2 of the header has no name", error.Message);
    }

    [Fact]
    public void ReadText_UnclosedQuote_ReportsLine()
    {
        // When
        var error = Assert.Throws<DataFormatException>(() => Some.Table("a,b\n1,2\n\"x,3\n4,5\n"));

        // Then
        Assert.StartsWith("test.csv line 3", error.Message);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Read_MissingFile_ThrowsFileNotFoundWithPath()
    {
        // When
        var error = Assert.Throws<FileNotFoundException>(() => CsvTableReader.Read("/nonexistent/dir/x.csv"));

        // Then
        Assert.Contains("/nonexistent/dir/x.csv", error.Message);
    }

    [Fact]
    public void Read_FileOnDisk_SetsSource()
    {
        // Given
        var path = Path.Combine(Path.GetTempPath(), $"arcanum-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "a;b\r\n1;x\r\n2;y\r\n");
        try
        {
            // When
            var table = CsvTableReader.Read(path);

            // Then
            Assert.Equal(path, table.Source);
            Assert.Equal(2, table.RowCount);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Validate_DelimiterIsQuote_Throws()
    {
        // Given
        var options = new CsvReadOptions { Delimiter = '"' };

        // When / Then
        Assert.Throws<ArgumentException>(options.Validate);
    }
}
