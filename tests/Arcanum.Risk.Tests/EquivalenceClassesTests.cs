using Arcanum.Risk.Tests.Support;

namespace Arcanum.Risk.Tests;

public sealed class EquivalenceClassesTests
{
    [Fact]
    public void Group_TenRecords_ClassesOf1234()
    {
        var classes = EquivalenceClasses.Group(Releases.TenRecords(), ["age", "sex"]);

        Assert.Equal([1, 2, 3, 4], classes.Sizes);
        Assert.Equal(classes.ClassOf(1), classes.ClassOf(2));
        Assert.NotEqual(classes.ClassOf(0), classes.ClassOf(1));
    }

    [Fact]
    public void Group_MissingValues_FormTheirOwnClass()
    {
        // Given: two blanks and two '?' (read as missing) in zip3, beside a real value
        var table = Releases.Table("sex,zip3\nF,021\nF,\nF,?\nF,021\nF,");

        // When
        var classes = EquivalenceClasses.Group(table, ["sex", "zip3"]);

        // Then: the missing ones look alike to an attacker, and unlike 021
        Assert.Equal([2, 3], classes.Sizes);
    }

    [Fact]
    public void Group_ValuesContainingTheSeparator_StayApart()
    {
        var table = Releases.Table("a,b\n\"x|y\",z\nx,\"y|z\"");

        var classes = EquivalenceClasses.Group(table, ["a", "b"]);

        Assert.Equal(2, classes.Count);
    }

    [Fact]
    public void Group_UnknownColumn_NamesItAndSuggestsTheNearest()
    {
        var table = Releases.TenRecords();

        var error = Assert.Throws<RiskInputException>(() => EquivalenceClasses.Group(table, ["age", "sx"]));

        Assert.Equal(
            "Quasi-identifier 'sx' is not a column of release.csv (3 columns). Did you mean 'sex'? Its first line must name the " +
            "columns; if it holds data, add a header line.",
            error.Message);
    }

    [Fact]
    public void SizesIn_Population_SizeOfEachClassThereZeroWhenAbsent()
    {
        var release = EquivalenceClasses.Group(Releases.Table("age\n30\n40"), ["age"]);
        var population = EquivalenceClasses.Group(Releases.Table("age\n30\n30\n30\n50"), ["age"]);

        Assert.Equal([3, 0], release.SizesIn(population));
    }

    [Fact]
    public void ToString_HoldsCountsNotValues()
    {
        var classes = EquivalenceClasses.Group(Releases.TenRecords(), ["age", "sex"]);

        Assert.Equal("4 equivalence classes over 10 records", classes.ToString());
    }
}
