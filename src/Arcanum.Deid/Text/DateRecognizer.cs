using System.Text.RegularExpressions;

namespace Arcanum.Deid.Text;

/// <summary>
/// Every date element except a year alone: 3/4/2098, 3/4/98, 3/4, 03/2098, 2098-03-04, 04-Mar(-2098), "March 4th",
/// "Mar 4, 2098", "4 March 2098", "4th of March", "March 2098", "the 4th", a capitalised month name on its own and
/// holidays. In lower-case text (dictation and transcripts: "january 15th 1962", "august 1st , 2020") a full month
/// name counts with a day or a year beside it. Times are not PHI and never match. Pain and strength scores (7/10, 5/5) and murmur grades
/// (3/6) are not dates,
/// unless "on" or "since" comes right before.
/// </summary>
internal sealed partial class DateRecognizer : IRecognizer
{
    public void Find(string text, List<Token> tokens, List<PhiSpan> found)
    {
        foreach (var m in Numeric().EnumerateMatches(text))
            if (!IsScore(text, m.Index, m.Length)) found.Add(new(m.Index, m.Index + m.Length, PhiType.Date));
        foreach (var m in Named().EnumerateMatches(text)) found.Add(new(m.Index, m.Index + m.Length, PhiType.Date));
        foreach (var m in LowerCaseNamed().EnumerateMatches(text)) found.Add(new(m.Index, m.Index + m.Length, PhiType.Date));
        foreach (Match m in Ordinal().Matches(text))
        {
            var day = m.Groups[1];
            if (!DateWords.IsAnatomicalOrdinal(text.AsSpan(m.Index + m.Length)))
                found.Add(new(day.Index, day.Index + day.Length, PhiType.Date));
        }
        foreach (var m in Holiday().EnumerateMatches(text)) found.Add(new(m.Index, m.Index + m.Length, PhiType.Date));
    }

    /// <summary>A bare "a/b" (no year) over 5 or 10, or with a score word near it, is a score, not a date.</summary>
    private static bool IsScore(string text, int index, int length)
    {
        var value = text.AsSpan(index, length);
        if (value.Count('/') != 1 || value.Contains('-')) return false;
        var before = text.AsSpan(Math.Max(0, index - 25), Math.Min(25, index));
        if (AfterDatePreposition(before)) return false;
        var denominator = value[(value.IndexOf('/') + 1)..];
        if (denominator is "5" or "10") return true;
        if (denominator is "4" or "6" && IsMurmurGrade(text, index + length, before)) return true;
        return before.Contains("pain", StringComparison.OrdinalIgnoreCase)
            || before.Contains("score", StringComparison.OrdinalIgnoreCase)
            || before.Contains("strength", StringComparison.OrdinalIgnoreCase)
            || before.Contains("scale", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>"Grade 3/6 systolic murmur", "2/4 diastolic murmur": a murmur's loudness, not March 6th.</summary>
    private static bool IsMurmurGrade(string text, int end, ReadOnlySpan<char> before)
    {
        var after = text.AsSpan(end, Math.Min(30, text.Length - end));
        return after.Contains("murmur", StringComparison.OrdinalIgnoreCase)
            || before.EndsWith("grade ", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>"started on 7/28", "since 12/10": a day, whatever pain or strength word came before it.</summary>
    private static bool AfterDatePreposition(ReadOnlySpan<char> before)
    {
        before = before.TrimEnd(' ');
        var start = before.LastIndexOf(' ') + 1;
        var word = before[start..];
        return word.Equals("on", StringComparison.OrdinalIgnoreCase)
            || word.Equals("since", StringComparison.OrdinalIgnoreCase)
            || word.Equals("until", StringComparison.OrdinalIgnoreCase)
            || word.Equals("dated", StringComparison.OrdinalIgnoreCase);
    }

    private const string Month = @"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
        + @"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";

    /// <summary>M/D/Y, M-D-Y, M.D.Y, Y-M-D, M/D and MM/YYYY with plausible month and day values.</summary>
    [GeneratedRegex(@"(?<![\d/.-])(?:(?:19|20|21)\d\d[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])|(?:0?[1-9]|1[0-2])([-/.])(?:0?[1-9]|[12]\d|3[01])\1(?:\d{4}|\d{2})|(?:0?[1-9]|[12]\d|3[01])([-/.])(?:0?[1-9]|1[0-2])\2(?:\d{4})|(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])|(?:0?[1-9]|1[0-2])/(?:19|20|21)\d\d)(?![\d/-]|\.\d)")]
    private static partial Regex Numeric();

    [GeneratedRegex(@"(?<![A-Za-z])(?:(?:(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?(?:\s+of)?[\s-]+" + Month
        + @"\.?(?:,?[\s-]+(?:\d{4}|'\d\d))?)|(?:" + Month + @"\.?[\s-]+(?:(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
        + @"(?![\d:])(?:,?\s+(?:\d{4}|'\d\d))?|(?:19|20|21)\d\d|'\d\d))|(?:January|February|March|April|June|July|"
        + @"August|September|October|November|December)|(?<=\b(?:in|on|since|during|early|mid|late|of|by|until|"
        + @"from|before|after|last|next|this)\s+)May)(?![A-Za-z])")]
    private static partial Regex Named();

    private const string FullMonth = "(?:january|february|march|april|june|july|august|september|october|november|december)";

    /// <summary>
    /// Lower-case full month names (a transcript writes "january 15th 1962"), only with a day or a year beside them: on
    /// its own "march" or "august" is a word. "may" is left out: "may 5" is a modal verb as often as a date.
    /// </summary>
    [GeneratedRegex(@"(?<![A-Za-z])(?:" + FullMonth + @"\s+(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?(?![\d:])(?:\s*,?\s+(?:19|20|21)\d\d)?"
        + @"|(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\s+(?:of\s+)?" + FullMonth + @"(?:\s*,?\s+(?:19|20|21)\d\d)?"
        + @"|" + FullMonth + @"\s*,?\s+(?:19|20|21)\d\d)(?![A-Za-z\d])")]
    private static partial Regex LowerCaseNamed();

    [GeneratedRegex(@"(?i)\b(?:the|on)\s+((?:[12]?\d|3[01])(?:st|nd|rd|th))\b")]
    private static partial Regex Ordinal();

    [GeneratedRegex(@"\b(?:Christmas(?: Eve| Day)?|Thanksgiving|Easter|New Year'?s(?: Eve| Day)?|Halloween|"
        + @"Independence Day|Memorial Day|Labor Day|Valentine'?s Day)\b")]
    private static partial Regex Holiday();
}
