using System.Text.RegularExpressions;

namespace Arcanum.Deid.Tables;

/// <summary>
/// What a sample of one column looks like, in counts: how many values are distinct, look like dates, e-mail
/// addresses, phone or social security numbers, ZIP codes, or prose. Holds no value once built.
/// </summary>
internal sealed partial record ColumnProfile(
    int Present, int Distinct, int Dates, int Emails, int Phones, int Ssns, int Zips, int Prose, double MeanLength)
{
    public static ColumnProfile Of(IReadOnlyList<string> values)
    {
        var distinct = values.Distinct(StringComparer.Ordinal).Count();
        var dates = values.Count(v => v.Any(c => c is '-' or '/' or '.') && v.Any(char.IsAsciiDigit)
            && DateFormats.Narrow(DateFormats.Candidates, v).Count > 0);
        return new ColumnProfile(values.Count, distinct, dates,
            values.Count(v => Email().IsMatch(v)), values.Count(v => Phone().IsMatch(v)),
            values.Count(v => Ssn().IsMatch(v)), values.Count(v => SafeHarbor.Zip3(v) is not null),
            values.Count(v => v.Length > 30 && v.Count(c => c == ' ') >= 4),
            values.Count == 0 ? 0 : values.Average(v => v.Length));
    }

    /// <summary>Whether at least nine in ten sampled values have this property.</summary>
    public bool Mostly(int count) => Present > 0 && count >= 0.9 * Present;

    public bool AllDistinct => Present > 1 && Distinct == Present;

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")]
    private static partial Regex Email();

    [GeneratedRegex(@"^(\+?\d{1,3}[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}$")]
    private static partial Regex Phone();

    [GeneratedRegex(@"^\d{3}-\d{2}-\d{4}$")]
    private static partial Regex Ssn();
}
