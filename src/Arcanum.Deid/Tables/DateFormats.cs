using System.Globalization;

namespace Arcanum.Deid.Tables;

/// <summary>
/// The date formats a column may be written in, and year-only and shifted dates written back in the same format.
/// A column's format is the first of <see cref="Candidates"/> that every value of the column parses with, so
/// 03/04/2020 alone is read month first (US), but a column that also holds 13/04/2020 is read day first.
/// </summary>
public static class DateFormats
{
    public static readonly IReadOnlyList<string> Candidates =
    [
        "yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm",
        "yyyyMMdd", "yyyy/MM/dd", "MM/dd/yyyy", "M/d/yyyy", "dd/MM/yyyy", "d/M/yyyy", "dd.MM.yyyy", "d.M.yyyy",
        "dd-MM-yyyy", "MM-dd-yyyy", "dd-MMM-yyyy", "d MMM yyyy", "MM/dd/yyyy HH:mm", "dd/MM/yyyy HH:mm",
    ];

    /// <summary>The candidates that also parse <paramref name="value"/>, in order.</summary>
    public static IReadOnlyList<string> Narrow(IReadOnlyList<string> candidates, string value)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(value);
        return candidates.Where(f => TryParse(value, f, out _)).ToArray();
    }

    public static bool TryParse(string value, string format, out DateTime date) =>
        DateTime.TryParseExact(value.Trim(), format, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>The year alone, or null when the value is not a date in this format.</summary>
    public static string? Year(string value, string format) =>
        TryParse(value, format, out var date) ? date.Year.ToString("D4", CultureInfo.InvariantCulture) : null;

    /// <summary>The date moved by whole days and written in the same format (a time of day is kept), or null.</summary>
    public static string? Shift(string value, string format, int days)
    {
        if (!TryParse(value, format, out var date)) return null;
        var ticks = date.Ticks + TimeSpan.TicksPerDay * days;
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks) return null;
        return new DateTime(ticks).ToString(format, CultureInfo.InvariantCulture);
    }
}
