using Arcanum.Deid.Tables;

namespace Arcanum.Deid.Tests.Tables;

public sealed class SafeHarborTests
{
    [Theory]
    [InlineData("10025", "100")]
    [InlineData("10025-1234", "100")]
    [InlineData("100251234", "100")]
    [InlineData("03601", "000")]
    [InlineData("89301", "000")]
    [InlineData("82001", "820")]
    public void Zip3_FiveOrNineDigits_KeepsThreeDigitsOr000InRestrictedAreas(string zip, string expected)
    {
        // Given a ZIP code; When cut; Then
        Assert.Equal(expected, SafeHarbor.Zip3(zip));
    }

    [Fact]
    public void Zip3_AllSeventeenRestrictedAreas_Become000()
    {
        // Given the HHS list
        var restricted = new[] { "036", "059", "063", "102", "203", "556", "692", "790", "821", "823", "830", "831",
            "878", "879", "884", "890", "893" };

        // When each area's ZIP is cut
        var cut = restricted.Select(z => SafeHarbor.Zip3(z + "17")).ToArray();

        // Then
        Assert.All(cut, z => Assert.Equal("000", z));
        Assert.Equal(17, SafeHarbor.RestrictedZip3.Count);
    }

    [Theory]
    [InlineData("2139")]
    [InlineData("ABCDE")]
    [InlineData("123456")]
    public void Zip3_NotAZip_GivesNull(string value) => Assert.Null(SafeHarbor.Zip3(value));

    [Theory]
    [InlineData("89", "89")]
    [InlineData("89.5", "90+")]
    [InlineData("90", "90+")]
    [InlineData("104", "90+")]
    [InlineData("7", "7")]
    [InlineData("90+", "90+")]
    public void Age_OverEightyNine_Becomes90Plus(string age, string expected) =>
        Assert.Equal(expected, SafeHarbor.Age(age));

    [Theory]
    [InlineData("old")]
    [InlineData("-3")]
    public void Age_NotAnAge_GivesNull(string value) => Assert.Null(SafeHarbor.Age(value));

    [Theory]
    [InlineData(1935, "<=1935")]
    [InlineData(1901, "<=1935")]
    [InlineData(1936, "1936")]
    [InlineData(2024, "2024")]
    public void Year_NinetyOrMoreYearsBack_BecomesOneCategory(int year, string expected) =>
        Assert.Equal(expected, SafeHarbor.Year(year, referenceYear: 2025));
}
