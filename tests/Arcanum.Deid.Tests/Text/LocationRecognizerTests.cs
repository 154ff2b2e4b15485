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

    [Theory]
    [InlineData("Transferred from Brook Memorial Hospital overnight.", "Brook Memorial Hospital")]
    [InlineData("Facility: Harvest Clinic, Lowell", "Harvest Clinic")]
    [InlineData("She had surgery at Addison Memorial Hospital in May.", "Addison Memorial Hospital")]
    public void Detect_FacilityNamedWithAnOrdinaryWord_FindsTheFacility(string text, string facility) =>
        DetectorAssert.FindsExactly(text, facility, PhiType.Location);

    [Theory]
    [InlineData("Refer to the Urgent Care Center if worse.")]
    [InlineData("She returns to the Pulmonary Medicine Clinic today.")]
    public void Detect_GenericFacilityWords_AreNotPlaces(string text) =>
        Assert.Empty(DetectorAssert.Detect(text));
}
