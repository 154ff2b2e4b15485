using Arcanum.Deid.Text;

namespace Arcanum.Deid.Tests.Text;

public sealed class LocationRecognizerTests
{
    [Theory]
    [InlineData("Mailing address: 88 Birch Lane, Marlowton, OR 97031-4417", "97031-4417")]
    [InlineData("Mailing address: 88 Birch Lane, Marlowton, OR 97031", "97031")]
    [InlineData("Her zip code is 0150 since the move.", "0150")]
    [InlineData("Postal code: 53-320", "53-320")]
    public void Detect_ZipCodes_FindsTheWholeZip(string text, string zip) =>
        DetectorAssert.FindsExactly(text, zip, PhiType.Zip);
}
