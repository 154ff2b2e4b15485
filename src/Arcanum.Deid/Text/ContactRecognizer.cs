using System.Text.RegularExpressions;

namespace Arcanum.Deid.Text;

/// <summary>E-mail addresses, URLs, IPv4 addresses and telephone/fax numbers.</summary>
internal sealed partial class ContactRecognizer : IRecognizer
{
    public void Find(string text, List<Token> tokens, List<PhiSpan> found)
    {
        foreach (var m in Email().EnumerateMatches(text)) found.Add(new(m.Index, m.Index + m.Length, PhiType.Email));
        foreach (var m in Url().EnumerateMatches(text))
        {
            var end = m.Index + m.Length;
            while (end > m.Index && text[end - 1] is '.' or ',' or ')' or ';' or ':') end--;
            found.Add(new(m.Index, end, PhiType.Url));
        }
        foreach (var m in Ip().EnumerateMatches(text)) found.Add(new(m.Index, m.Index + m.Length, PhiType.IpAddress));
        foreach (var m in Phone().EnumerateMatches(text)) found.Add(new(m.Index, m.Index + m.Length, PhiType.Phone));
        foreach (Match m in LabelledPhone().Matches(text))
        {
            var number = m.Groups["n"];
            var digits = CountDigits(number.ValueSpan);
            if (digits is >= 7 and <= 15) found.Add(new(number.Index, number.Index + number.Length, PhiType.Phone));
        }
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")]
    private static partial Regex Email();

    [GeneratedRegex(@"\b(?:https?://|ftp://|www\.)[^\s<>""']+|\b[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|org|net|edu|gov|io|info|health)(?:/[^\s<>""']*)?\b")]
    private static partial Regex Url();

    [GeneratedRegex(@"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\d.]\d)")]
    private static partial Regex Ip();

    /// <summary>North American numbers with an area code, optional +1 and extension; also +CC international.</summary>
    [GeneratedRegex(@"(?<![\d/-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?:\s?(?:x|ext\.?)\s?\d{1,5})?(?![\d/-])|\+\d{1,3}(?:[\s.-]?\d{2,4}){2,5}(?!\d)")]
    private static partial Regex Phone();

    private static int CountDigits(ReadOnlySpan<char> value)
    {
        var digits = 0;
        foreach (var c in value) if (char.IsAsciiDigit(c)) digits++;
        return digits;
    }

    /// <summary>
    /// Any 7-15 digit number in groups (local "555-0199", international "0490 75 40 81", "+46 (0)8 928 571 38")
    /// after a telephone word or "reached at" on the same line; a slash or colon inside ends it, so dates, times
    /// and scores never match.
    /// </summary>
    [GeneratedRegex(@"(?i)\b(?:phone|tel|telephone|fax|pager|cell|mobile|desk|call(?:ed)?|beeper|contact|kin|reached|reach|answering|messages\s+to|number)\b[^\d\n+(]{0,30}(?<n>\+?(?:\(\d{1,4}\)\s?)?\d+(?:[ .-]?(?:\(\d{1,4}\)\s?)?\d+){0,5})(?![\d/:])")]
    private static partial Regex LabelledPhone();
}
