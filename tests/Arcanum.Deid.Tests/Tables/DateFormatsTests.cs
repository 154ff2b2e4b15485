using Arcanum.Deid.Tables;

namespace Arcanum.Deid.Tests.Tables;

public sealed class DateFormatsTests
{
    [Theory]
    [InlineData("2098-03-04", "yyyy-MM-dd", "2098")]
    [InlineData("04/03/1931", "dd/MM/yyyy", "1931")]
    [InlineData("2001-12-31T23:15:00", "yyyy-MM-ddTHH:mm:ss", "2001")]
    public void Year_FullDate_KeepsYearOnly(string date, string format, string expected) =>
        Assert.Equal(expected, DateFormats.Year(date, format));

    [Fact]
    public void Shift_DayFirstDate_MovesByDaysInTheSameFormat()
    {
        // Given a day-first date; When shifted back 400 days; Then it stays day-first
        Assert.Equal("31/01/2019", DateFormats.Shift("06/03/2020", "dd/MM/yyyy", -400));
    }

    [Fact]
    public void Narrow_DayOverTwelve_LeavesOnlyDayFirstFormats()
    {
        // Given an ambiguous date, then one with day 13
        var afterAmbiguous = DateFormats.Narrow(DateFormats.Candidates, "03/04/2020");

        // When narrowed by the second
        var after13 = DateFormats.Narrow(afterAmbiguous, "13/04/2020");

        // Then month-first was the first guess, and day-first is what is left
        Assert.Equal("MM/dd/yyyy", afterAmbiguous[0]);
        Assert.Equal("dd/MM/yyyy", after13[0]);
    }

    [Fact]
    public void Year_NotADateInTheFormat_GivesNull() => Assert.Null(DateFormats.Year("2020-31-12", "yyyy-MM-dd"));
}
