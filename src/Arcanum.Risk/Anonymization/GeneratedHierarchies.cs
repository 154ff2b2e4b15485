using System.Globalization;

namespace Arcanum.Risk.Anonymization;

/// <summary>
/// Hierarchies built from a column's own values when no file is given: intervals for whole numbers, digit masking
/// for ZIP codes and day → month → year for ISO dates. Each ends in "*", as ARX's do.
/// </summary>
public static class GeneratedHierarchies
{
    /// <summary>
    /// Intervals of growing width, e.g. widths 5,10,20 turn 37 into "35-39", "30-39", "20-39", then "*". Each width
    /// must be a multiple of the one before, so that every interval lies inside one interval of the next level.
    /// </summary>
    /// <exception cref="RiskInputException">Bad widths or a value that is not a whole number.</exception>
    public static Hierarchy Interval(string column, IEnumerable<string> values, IReadOnlyList<long> widths)
    {
        ArgumentNullException.ThrowIfNull(widths);
        if (widths.Count == 0 || widths.Any(w => w < 1))
            throw new RiskInputException($"Interval widths for '{column}' must be positive whole numbers, e.g. 5,10,20.");
        for (var i = 1; i < widths.Count; i++)
        {
            if (widths[i] <= widths[i - 1] || widths[i] % widths[i - 1] != 0)
                throw new RiskInputException($"Interval widths for '{column}' must grow, each a multiple of the one " +
                    $"before: {widths[i]} does not follow {widths[i - 1]}.");
        }
        var rows = values.Distinct(StringComparer.Ordinal).Select(v =>
        {
            if (!long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var x))
                throw new RiskInputException($"Column '{column}' has a value that is not a whole number, so an " +
                    "interval hierarchy cannot cover it; give a hierarchy file instead.");
            var levels = widths.Select(w =>
            {
                var low = (long)Math.Floor(x / (double)w) * w;
                return FormattableString.Invariant($"{low}-{low + w - 1}");
            });
            return new[] { v }.Concat(levels).Append("*").ToArray();
        }).ToList();
        return new Hierarchy(column, "generated intervals", rows);
    }

    /// <summary>ZIP codes with their last digits masked one at a time ("02139" → "0213*" → ... → "*****"), then
    /// "*".</summary>
    public static Hierarchy Zip(string column, IEnumerable<string> values)
    {
        var distinct = values.Distinct(StringComparer.Ordinal).ToArray();
        var length = distinct.Length == 0 ? 0 : distinct.Max(v => v.Length);
        if (distinct.Any(v => v.Length != length || !v.All(char.IsAsciiDigit)))
            throw new RiskInputException($"Column '{column}' has a value that is not a ZIP code of {length} digits; " +
                "digit masking needs codes of one length (keep leading zeros), or give a hierarchy file.");
        var rows = distinct.Select(v => Enumerable.Range(0, length + 1)
            .Select(masked => v[..(length - masked)] + new string('*', masked))
            .Append("*").ToArray()).ToList();
        return new Hierarchy(column, "generated ZIP masking", rows);
    }

    /// <summary>ISO dates (yyyy-MM-dd) generalised to month (yyyy-MM), year, then "*".</summary>
    public static Hierarchy Date(string column, IEnumerable<string> values)
    {
        var rows = values.Distinct(StringComparer.Ordinal).Select(v =>
        {
            if (!DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                throw new RiskInputException($"Column '{column}' has a value that is not an ISO date (yyyy-MM-dd), " +
                    "so a date hierarchy cannot cover it; give a hierarchy file instead.");
            return new[]
            {
                v, d.ToString("yyyy-MM", CultureInfo.InvariantCulture),
                d.Year.ToString(CultureInfo.InvariantCulture), "*",
            };
        }).ToList();
        return new Hierarchy(column, "generated date", rows);
    }
}
