using System.Globalization;

namespace Arcanum.Deid.Tables;

/// <summary>
/// The HIPAA Safe Harbor generalisations of 45 CFR §164.514(b)(2)(i)(B) and (C), as pure functions. A value that is
/// not a ZIP code or an age gives null, so the caller reports the line rather than passing it through.
/// </summary>
public static class SafeHarbor
{
    /// <summary>
    /// The 17 three-digit ZIP areas with 20,000 people or fewer (2000 Census, HHS guidance and 67 FR 53182): their
    /// ZIP3 becomes 000. HHS asks for the current census's list when one is published.
    /// </summary>
    public static readonly IReadOnlySet<string> RestrictedZip3 = new HashSet<string>(StringComparer.Ordinal)
    {
        "036", "059", "063", "102", "203", "556", "692", "790", "821", "823", "830", "831", "878", "879", "884",
        "890", "893",
    };

    public const string Over89 = "90+";

    /// <summary>The first three digits of a 5- or 9-digit ZIP code (12345, 12345-6789, 123456789), 000 in a
    /// restricted area; null when the value is not a ZIP code.</summary>
    public static string? Zip3(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var v = value.Trim();
        var digits = v.Length == 10 && v[5] == '-' ? v.Remove(5, 1) : v;
        if (digits.Length is not (5 or 9) || !digits.All(char.IsAsciiDigit)) return null;
        var zip3 = digits[..3];
        return RestrictedZip3.Contains(zip3) ? "000" : zip3;
    }

    /// <summary>"90+" for an age over 89, the value unchanged otherwise; null when not a non-negative number.</summary>
    public static string? Age(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Trim() == Over89) return Over89;
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var age)
            || !double.IsFinite(age) || age < 0)
            return null;
        return age > 89 ? Over89 : value;
    }

    /// <summary>
    /// A date's year, or one category "&lt;=YYYY" for every year 90 or more years before
    /// <paramref name="referenceYear"/>: §164.514(b)(2)(i)(C) removes the year too when it is indicative of an age
    /// over 89 (a birth year of 1930 in 2025), allowing only an aggregate "90 or older". Applied to every year-only
    /// date column, since the tool cannot tell a birth date from another date; a date that old is rare otherwise.
    /// </summary>
    public static string Year(int year, int referenceYear)
    {
        var cutoff = referenceYear - 90;
        return year <= cutoff
            ? "<=" + cutoff.ToString("D4", CultureInfo.InvariantCulture)
            : year.ToString("D4", CultureInfo.InvariantCulture);
    }
}
