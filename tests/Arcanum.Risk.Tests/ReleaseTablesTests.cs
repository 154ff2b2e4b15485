namespace Arcanum.Risk.Tests;

public sealed class ReleaseTablesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arcanum-risk-").FullName;

    [Fact]
    public void Read_NumericLookingQuasiIdentifier_KeepsItsText()
    {
        // Given: ZIP3 codes with leading zeros; "021" and "21" are different areas to an attacker's file
        var path = File("release.csv", "zip3,age,cost\n021,30,1.5\n21,30,2\n");

        // When
        var table = ReleaseTables.Read(path, ["zip3", "age"]);

        // Then: the quasi-identifiers are text, the other column stays a number
        Assert.Equal(("021", "21"), (table["zip3"].RawValue(0), table["zip3"].RawValue(1)));
        Assert.Equal(2, EquivalenceClasses.Group(table, ["zip3", "age"]).Count);
        Assert.Equal(Data.Tables.ColumnType.Numeric, table["cost"].Type);
    }

    [Fact]
    public void Read_ReleaseAndPopulationInferredDifferently_StillMatch()
    {
        // Given: zip3 is all digits in the release but mixed in the population table
        var release = ReleaseTables.Read(File("release.csv", "zip3\n021\n100\n"), ["zip3"]);
        var population = ReleaseTables.Read(File("voters.csv", "zip3\n021\n100\nXYZ\n"), ["zip3"]);

        var sizes = EquivalenceClasses.Group(release, ["zip3"]).SizesIn(EquivalenceClasses.Group(population, ["zip3"]));

        Assert.Equal([1, 1], sizes);
    }

    [Fact]
    public void Read_MisspeltQuasiIdentifier_ReadsSoTheMeasureCanNameIt()
    {
        var table = ReleaseTables.Read(File("release.csv", "zip3,age\n021,30\n"), ["zip", "age"]);

        var error = Assert.Throws<RiskInputException>(() => EquivalenceClasses.Group(table, ["zip", "age"]));

        Assert.Contains("Did you mean 'zip3'?", error.Message);
    }

    [Fact]
    public void Read_SuppressedStarInNumericLookingColumn_ReadsTheRelease()
    {
        // Given: an anonymize release, 40 ZIPs and one suppressed record written '*' (one stray text in 41
        // values makes the reader's inference call the column numeric)
        var rows = string.Concat(Enumerable.Range(0, 40).Select(i => $"0213{i % 3},flu\n"));
        var path = File("safe.csv", "zip,diag\n" + rows + "*,hiv\n");

        // When
        var table = ReleaseTables.Read(path, ["zip"]);

        // Then: the release is read, the suppressed record's '*' kept as text
        Assert.Equal(41, table.RowCount);
        Assert.Equal("*", table["zip"].RawValue(40));
    }

    [Fact]
    public void Read_NoFile_SaysSo()
    {
        var path = Path.Combine(_dir, "none.csv");

        var error = Assert.Throws<FileNotFoundException>(() => ReleaseTables.Read(path, ["a"]));

        Assert.EndsWith("none.csv' does not exist.", error.Message);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }
}
