namespace Arcanum.Deid.Text;

/// <summary>The Luhn checksum of card numbers: separates a card number from any other long number.</summary>
internal static class Luhn
{
    public static bool IsValid(ReadOnlySpan<char> number)
    {
        int sum = 0, digits = 0;
        var doubleIt = false;
        for (var i = number.Length - 1; i >= 0; i--)
        {
            var c = number[i];
            if (!char.IsAsciiDigit(c)) continue;
            var d = c - '0';
            if (doubleIt && (d *= 2) > 9) d -= 9;
            sum += d;
            digits++;
            doubleIt = !doubleIt;
        }
        return digits >= 13 && sum % 10 == 0;
    }
}
