using Arcanum.Deid.Text;

namespace Arcanum.Deid.Tests.Text;

public sealed class IdentifierRecognizerTests
{
    [Theory]
    [InlineData("Visa 4929 1234 5678 9012 kept on file for billing.", "4929 1234 5678 9012")]
    [InlineData("Billing: 6011-0000-1111-2223 declined twice.", "6011-0000-1111-2223")]
    public void Detect_FourDigitGroupsFailingChecksum_FindsAccount(string text, string card) =>
        DetectorAssert.FindsExactly(text, card, PhiType.Account);
}
