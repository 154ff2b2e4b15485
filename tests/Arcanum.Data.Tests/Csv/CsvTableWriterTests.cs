using Arcanum.Data.Tables;

namespace Arcanum.Data.Tests.Csv;

public sealed class CsvTableWriterTests
{
    [Fact]
    public void Written_tables_read_back_with_the_same_values_types_and_missing_cells()
    {
        var table = new DataTable(
        [
            new IdentifierColumn("id", ["a,1", "b\"2", null]),
            new NumericColumn("x", ColumnType.Numeric, [1.5, double.NaN, -0.25]),
            new NumericColumn("n", ColumnType.Integer, [1, 2, 3]),
            new NumericColumn("d", ColumnType.Date, [19000, 19001, double.NaN]),
            new CategoricalColumn("c", ColumnType.Categorical, ["plain", "two words", "with, comma"], [2, -1, 1]),
        ]);
        var path = Path.Combine(Path.GetTempPath(), $"arcanum-writer-{Guid.NewGuid():N}.csv");
        try
        {
            CsvTableWriter.Write(path, table);
            var back = CsvTableReader.Read(path, CsvReadOptions.Default with
            {
                TypeOverrides = new Dictionary<string, ColumnType> { ["id"] = ColumnType.Identifier, ["c"] = ColumnType.Categorical },
            });
            Assert.Equal(table.Columns.Select(c => (c.Name, c.Type)), back.Columns.Select(c => (c.Name, c.Type)));
            for (var r = 0; r < table.RowCount; r++)
            {
                foreach (var column in table.Columns)
                    Assert.Equal(column.RawValue(r), back[column.Name].RawValue(r));
            }
            Assert.Empty(Directory.GetFiles(Path.GetTempPath(), $".{Path.GetFileName(path)}.*.tmp"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
