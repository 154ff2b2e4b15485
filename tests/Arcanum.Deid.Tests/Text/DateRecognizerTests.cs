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
}
