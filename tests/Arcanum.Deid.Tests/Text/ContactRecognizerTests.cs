using Arcanum.Deid.Text;

namespace Arcanum.Deid.Tests.Text;

public sealed class ContactRecognizerTests
{
    [Theory]
    [InlineData("Her brother can be reached at 555-0147 after six.", "555-0147")]
    [InlineData("Next of kin: Oluwaseun Bamidele 555-0188", "555-0188")]
    [InlineData("Mobile: 0412 77 19 30", "0412 77 19 30")]
    [InlineData("Please call me on 0161 496 0532 tomorrow.", "0161 496 0532")]
    [InlineData("Fax: +44 (0)20 7946 0018", "+44 (0)20 7946 0018")]
    public void Detect_LocalAndInternationalNumbersAfterPhoneWord_FindsPhone(string text, string phone) =>
        DetectorAssert.FindsExactly(text, phone, PhiType.Phone);

    [Theory]
    [InlineData("Call if pain persists beyond 3/14 or 10 days.")]
    [InlineData("Contact at 10:30 on Tuesday with the results, 1 2 3 4 5 6 7.")]
    public void Detect_DatesAndTimesAfterPhoneWord_AreNotPhones(string text) =>
        Assert.DoesNotContain(DetectorAssert.Detect(text), s => s.Type == PhiType.Phone);
}
