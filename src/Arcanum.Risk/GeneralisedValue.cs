using System.Globalization;

namespace Arcanum.Risk;

/// <summary>
/// Whether a released (possibly generalised) value covers an attacker's exact value, for the forms
/// <c>arcanum anonymize</c> and ARX hierarchies write: <c>*</c> (anything), a numeric range <c>30-39</c> (inclusive),
/// a masked code <c>021**</c> (same length, same leading characters), and a date cut to <c>2098</c> or <c>2098-03</c>.
/// Anything else covers only the same text. Categories merged by a hierarchy ("Married" for "Married-civ-spouse")
/// cannot be told from a value and match only themselves.
/// </summary>
public static class GeneralisedValue
{
    /// <summary>Whether <paramref name="released"/> is in one of the generalised forms above.</summary>
    public static bool IsGeneralised(string? released) =>
        released is not null && (released == "*" || released.EndsWith('*') || Range(released) is not null
            || IsDatePrefix(released));

    public static bool Covers(string? released, string? exact)
    {
        if (released is null || exact is null) return released is null && exact is null;
        if (string.Equals(released, exact, StringComparison.Ordinal) || released == "*") return true;
        if (released.EndsWith('*'))
        {
            var prefix = released.TrimEnd('*');
            return exact.Length == released.Length && exact.StartsWith(prefix, StringComparison.Ordinal);
        }
        if (Range(released) is var (low, high))
            return double.TryParse(exact, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x >= low && x <= high;
        return IsDatePrefix(released) && exact.Length > released.Length && exact[released.Length] == '-'
            && exact.StartsWith(released, StringComparison.Ordinal);
    }

    /// <summary>"30-39" or "-5-4" as (low, high) with low ≤ high; null otherwise.</summary>
    private static (double Low, double High)? Range(string value)
    {
        var dash = value.IndexOf('-', 1);
        if (dash <= 0 || dash == value.Length - 1) return null;
        return double.TryParse(value.AsSpan(0, dash), NumberStyles.Float, CultureInfo.InvariantCulture, out var low)
            && double.TryParse(value.AsSpan(dash + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var high)
            && low <= high
                ? (low, high)
                : null;
    }

    /// <summary>"2098" or "2098-03": a date cut to its year or month.</summary>
    private static bool IsDatePrefix(string value) =>
        value.Length is 4 or 7 && DateOnly.TryParseExact(value.Length == 4 ? value + "-01-01" : value + "-01", "yyyy-MM-dd",
            CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}
