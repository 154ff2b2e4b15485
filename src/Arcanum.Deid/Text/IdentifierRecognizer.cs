using System.Text.RegularExpressions;

namespace Arcanum.Deid.Text;

/// <summary>
/// Identifying numbers: SSNs by shape, card numbers by shape (four digit groups) or Luhn checksum, numbers after a context word
/// (MRN, account, member ID, licence, serial, plate, ...) typed by that word, and a catch-all for any other long
/// number or letter-digit code, which becomes <see cref="PhiType.Id"/>.
/// </summary>
internal sealed partial class IdentifierRecognizer : IRecognizer
{
    public void Find(string text, List<Token> tokens, List<PhiSpan> found)
    {
        foreach (var m in Ssn().EnumerateMatches(text)) found.Add(new(m.Index, m.Index + m.Length, PhiType.Ssn));
        foreach (var m in Card().EnumerateMatches(text))
            if (IsGrouped(text.AsSpan(m.Index, m.Length)) || Luhn.IsValid(text.AsSpan(m.Index, m.Length)))
                found.Add(new(m.Index, m.Index + m.Length, PhiType.Account));
        foreach (Match m in WithContext().Matches(text))
        {
            var id = m.Groups["id"];
            if (!id.ValueSpan.ContainsAnyInRange('0', '9')) continue;
            found.Add(new(id.Index, id.Index + id.Length, TypeOf(m.Groups["kw"].ValueSpan)));
        }
        foreach (var m in LongNumber().EnumerateMatches(text)) found.Add(new(m.Index, m.Index + m.Length, PhiType.Id));
        foreach (var m in Code().EnumerateMatches(text))
        {
            var code = text.AsSpan(m.Index, m.Length);
            if (CountDigits(code) >= 3) found.Add(new(m.Index, m.Index + m.Length, PhiType.Id));
        }
    }

    /// <summary>
    /// "1234 5678 9012 3456": four groups of digits are card-shaped whether or not the checksum holds (a mistyped or
    /// made-up card number still identifies); a plain run of 13-19 digits needs the checksum to be called a card.
    /// </summary>
    private static bool IsGrouped(ReadOnlySpan<char> number) => number.ContainsAny(' ', '-');

    private static int CountDigits(ReadOnlySpan<char> code)
    {
        var digits = 0;
        foreach (var c in code) if (char.IsAsciiDigit(c)) digits++;
        return digits;
    }

    /// <summary>The type a context word announces; the order matters ("license plate" is a vehicle).</summary>
    private static PhiType TypeOf(ReadOnlySpan<char> keyword)
    {
        Span<char> lower = stackalloc char[keyword.Length];
        keyword.ToLowerInvariant(lower);
        if (lower.StartsWith("ss") || lower.StartsWith("social")) return PhiType.Ssn;
        if (lower.Contains("plate", StringComparison.Ordinal) || lower.StartsWith("vin")
            || lower.StartsWith("vehicle")) return PhiType.Vehicle;
        if (lower.StartsWith("mr") || lower.Contains("record", StringComparison.Ordinal)
            || lower.StartsWith("unit") || lower.StartsWith("hospital")) return PhiType.Mrn;
        if (lower.StartsWith("acc") || lower.StartsWith("acct") || lower.StartsWith("billing")
            || lower.Contains("card", StringComparison.Ordinal) || lower.StartsWith("bank")) return PhiType.Account;
        if (lower.StartsWith("member") || lower.StartsWith("policy") || lower.StartsWith("insurance")
            || lower.StartsWith("health plan") || lower.StartsWith("medic") || lower.StartsWith("subscriber")
            || lower.StartsWith("group") || lower.StartsWith("beneficiary") || lower.StartsWith("plan"))
            return PhiType.HealthPlan;
        if (lower.StartsWith("licen") || lower.StartsWith("lic") || lower.StartsWith("dea")
            || lower.StartsWith("npi") || lower.StartsWith("certificate")) return PhiType.License;
        if (lower.StartsWith("serial") || lower.StartsWith("device") || lower.StartsWith("s/n")
            || lower.StartsWith("sn") || lower.StartsWith("model") || lower.StartsWith("lot")
            || lower.StartsWith("implant")) return PhiType.Device;
        return PhiType.Id;
    }

    [GeneratedRegex(@"(?<![\d-])\d{3}[- ]\d{2}[- ]\d{4}(?![\d-])")]
    private static partial Regex Ssn();

    [GeneratedRegex(@"(?<![\d-])(?:\d{4}[- ]){3}\d{1,4}(?![\d-])|(?<![\d-])\d{13,19}(?![\d-])")]
    private static partial Regex Card();

    [GeneratedRegex(@"(?i)\b(?<kw>license\s+plate|plate|vin|vehicle(?:\s+id)?|ssn|ss#|social\s+security(?:\s+(?:no|number))?|medical\s+record(?:\s+(?:no|number))?|record|mrn|mr|unit\s+(?:no|number)|hospital\s+(?:no|number)|account|acct|billing|credit\s+card|card|bank|member(?:\s+id)?|policy|insurance(?:\s+id)?|health\s+plan|medicare|medicaid|subscriber|group|beneficiary|plan|licen[cs]e|lic|dea|npi|certificate|serial|device|s/n|sn|model|lot|implant|id|identifier|case|accession|specimen|order|encounter|visit|claim|ref(?:erence)?|ticket|badge|employee|passport)[\s:#=]*(?:(?:no\.?|num(?:ber)?|id|is)[\s:#=]*){0,3}(?<id>[A-Z0-9][A-Z0-9-]{3,}[A-Z0-9])")]
    private static partial Regex WithContext();

    /// <summary>Six or more digits standing alone (not part of a decimal, date or phone number).</summary>
    [GeneratedRegex(@"(?<![\d.,/-])\d{6,}(?![\d.,/-]\d)")]
    private static partial Regex LongNumber();

    /// <summary>Letter-digit codes such as AB123456 or 12-XY-345 (upper-case letters only).</summary>
    [GeneratedRegex(@"\b(?=[A-Z0-9-]*[0-9])(?=[A-Z0-9-]*[A-Z])[A-Z0-9][A-Z0-9-]{3,}[A-Z0-9]\b")]
    private static partial Regex Code();
}
