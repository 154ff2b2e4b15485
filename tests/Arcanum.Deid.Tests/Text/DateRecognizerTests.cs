using Arcanum.Deid.Text;

namespace Arcanum.Deid.Tests.Text;

public sealed class DateRecognizerTests
{
    [Theory]
    [InlineData("The back pain first started on 9/21 while lifting.", "9/21")]
    [InlineData("Device check was done on 11/10 with no alarms.", "11/10")]
    [InlineData("Knee pain since 4/5 after the fall.", "4/5")]
    public void Detect_MonthDayAfterOnOrSince_IsADateNotAScore(string text, string date) =>
        DetectorAssert.FindsExactly(text, date, PhiType.Date);

    [Fact]
    public void Detect_PainScoreWithoutPreposition_IsNotADate() =>
        Assert.DoesNotContain(DetectorAssert.Detect("Pain is 6/10 today on ibuprofen."), s => s.Type == PhiType.Date);

    [Theory]
    [InlineData("Heart: grade 2/6 holosystolic murmur at the apex.")]
    [InlineData("A soft 1/4 diastolic murmur is heard.")]
    public void Detect_MurmurGrade_IsNotADate(string text) =>
        Assert.DoesNotContain(DetectorAssert.Detect(text), s => s.Type == PhiType.Date);

    [Fact]
    public void Detect_MonthDayOverSixWithoutMurmur_IsADate() =>
        DetectorAssert.FindsExactly("Stitches out 3/6 at the clinic.", "3/6", PhiType.Date);

    [Theory]
    [InlineData("date of birth is january 15th 1962 . so he's a 59", "january 15th 1962")]
    [InlineData("he had a shunt on august 1st , 2020 . a medtronic", "august 1st , 2020")]
    [InlineData("last seen on the 3rd of november . labs", "3rd of november")]
    [InlineData("since october 2019 she has had pain", "october 2019")]
    public void Detect_LowerCaseTranscriptDates_AreDates(string text, string date) =>
        Assert.Contains(DetectorAssert.Detect(text), s => s.Type == PhiType.Date && text[s.Start..s.End] == date);

    [Theory]
    [InlineData("we will march on together")]
    [InlineData("you may 2 times a day take it")]
    [InlineData("in august it was hot")]
    public void Detect_LowerCaseMonthWordsWithoutADate_AreNotDates(string text) =>
        Assert.DoesNotContain(DetectorAssert.Detect(text), s => s.Type == PhiType.Date);
}
