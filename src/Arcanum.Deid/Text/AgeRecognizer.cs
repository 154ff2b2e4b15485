using System.Text.RegularExpressions;

namespace Arcanum.Deid.Text;

/// <summary>Ages over 89 ("92-year-old", "age 95", "aged 101", "93 yo"); the span is the number.</summary>
internal sealed partial class AgeRecognizer : IRecognizer
{
    public void Find(string text, List<Token> tokens, List<PhiSpan> found)
    {
        foreach (Match m in Before().Matches(text)) Add(m.Groups[1], found);
        foreach (Match m in After().Matches(text)) Add(m.Groups[1], found);
    }

    private static void Add(Group number, List<PhiSpan> found) =>
        found.Add(new(number.Index, number.Index + number.Length, PhiType.Age));

    [GeneratedRegex(@"(?i)(?<![\d.])(9\d|1[01]\d)(?:\s*|-)(?:years?|yrs?|y\.?o\.?|yo|-?y/o|year-old|yr-old)\b")]
    private static partial Regex Before();

    [GeneratedRegex(@"(?i)\b(?:age[ds]?|aged|age:)\s*(?:of\s*)?(9\d|1[01]\d)(?![\d.])")]
    private static partial Regex After();
}
