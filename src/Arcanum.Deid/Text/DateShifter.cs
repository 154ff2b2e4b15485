using System.Globalization;
using System.Text.RegularExpressions;

namespace Arcanum.Deid.Text;

/// <summary>
/// Moves a date by a patient's offset while keeping its written shape: 3/4/2098 stays M/D/YYYY, "March 4th" stays
/// month-name plus ordinal, 04-Mar-2098 stays DD-Mon-YYYY. Dates without a year are shifted within a leap
/// reference year. Returns null when the text is not a date it can read (the caller then masks it).
/// </summary>
internal static partial class DateShifter
{
    private static readonly string[] Full = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames;

    private const int ReferenceYear = 2000;

    public static string? Shift(string date, int days)
    {
        if (NumericYmd().Match(date) is { Success: true } ymd)
            return Numeric(date, ymd, days);
        if (NumericMdy().Match(date) is { Success: true } mdy)
            return Numeric(date, mdy, days);
        if (MonthYear().Match(date) is { Success: true } my && MonthOf(my.Groups["mon"].Value) is { } m1)
        {
            var digits = my.Groups["y"].Value.TrimStart('\'');
            var year = int.Parse(digits, CultureInfo.InvariantCulture);
            if (digits.Length == 2) year += year < 50 ? 2000 : 1900;
            var shifted = new DateTime(year, m1, 15).AddDays(days);
            var padded = digits.Length == 2 ? "'" + (shifted.Year % 100).ToString("00") : shifted.Year.ToString();
            return date[..my.Groups["mon"].Index] + MonthName(shifted.Month, my.Groups["mon"].Value)
                + date[(my.Groups["mon"].Index + my.Groups["mon"].Length)..my.Groups["y"].Index] + padded;
        }
        if (DayMonth().Match(date) is { Success: true } dm && MonthOf(dm.Groups["mon"].Value) is { } m2)
            return Named(date, dm, m2, days);
        if (OrdinalDay().Match(date) is { Success: true } od)
        {
            var day = (int.Parse(od.Groups["d"].Value, CultureInfo.InvariantCulture) - 1 + days % 28 + 28) % 28 + 1;
            return day + Suffix(day);
        }
        if (MonthOf(date.TrimEnd('.')) is { } alone) return MonthName(Wrap(alone + days / 30), date);
        return null;
    }

    private static string? Numeric(string date, Match m, int days)
    {
        var (month, day) = (int.Parse(m.Groups["m"].Value), int.Parse(m.Groups["d"].Value));
        var yearGroup = m.Groups["y"];
        var year = yearGroup.Success ? int.Parse(yearGroup.Value) : ReferenceYear;
        if (yearGroup.Success && yearGroup.Length == 2) year += year < 50 ? 2000 : 1900;
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            (month, day) = (day, month);
            if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return null;
        }
        var shifted = new DateTime(year, month, day).AddDays(days);
        var parts = new SortedList<int, (int Length, string Value)>
        {
            [m.Groups["m"].Index] = (m.Groups["m"].Length, Pad(shifted.Month, m.Groups["m"].Length)),
            [m.Groups["d"].Index] = (m.Groups["d"].Length, Pad(shifted.Day, m.Groups["d"].Length)),
        };
        if (yearGroup.Success)
            parts[yearGroup.Index] = (yearGroup.Length, yearGroup.Length == 2
                ? (shifted.Year % 100).ToString("00") : shifted.Year.ToString(CultureInfo.InvariantCulture));
        return Splice(date, parts);
    }

    private static string Named(string date, Match m, int month, int days)
    {
        var day = int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture);
        var yearGroup = m.Groups["y"];
        var year = yearGroup.Success ? int.Parse(yearGroup.Value.TrimStart('\'')) : ReferenceYear;
        if (yearGroup.Success && yearGroup.Value.TrimStart('\'').Length == 2) year += year < 50 ? 2000 : 1900;
        day = Math.Min(day, DateTime.DaysInMonth(year, month));
        var shifted = new DateTime(year, month, day).AddDays(days);
        var parts = new SortedList<int, (int Length, string Value)>
        {
            [m.Groups["mon"].Index] = (m.Groups["mon"].Length, MonthName(shifted.Month, m.Groups["mon"].Value)),
            [m.Groups["d"].Index] = (m.Groups["d"].Length + m.Groups["sfx"].Length,
                Pad(shifted.Day, m.Groups["d"].Length) + (m.Groups["sfx"].Success ? Suffix(shifted.Day) : "")),
        };
        if (yearGroup.Success)
        {
            var apostrophe = yearGroup.Value.StartsWith('\'');
            var digits = yearGroup.Value.TrimStart('\'').Length;
            parts[yearGroup.Index] = (yearGroup.Length, (apostrophe ? "'" : "")
                + (digits == 2 ? (shifted.Year % 100).ToString("00") : shifted.Year.ToString()));
        }
        return Splice(date, parts);
    }

    private static string Splice(string date, SortedList<int, (int Length, string Value)> parts)
    {
        var result = new System.Text.StringBuilder(date.Length + 4);
        var at = 0;
        foreach (var (index, (length, value)) in parts)
        {
            result.Append(date, at, index - at).Append(value);
            at = index + length;
        }
        return result.Append(date, at, date.Length - at).ToString();
    }

    private static int Wrap(int month) => ((month - 1) % 12 + 12) % 12 + 1;

    private static string Pad(int value, int width) => value.ToString(width == 2 ? "00" : "0");

    private static string Suffix(int day) => (day % 100) switch
    {
        11 or 12 or 13 => "th",
        _ => (day % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" },
    };

    private static int? MonthOf(string name)
    {
        if (name.Length < 3) return null;
        for (var i = 0; i < 12; i++)
            if (Full[i].StartsWith(name[..3], StringComparison.OrdinalIgnoreCase)) return i + 1;
        return null;
    }

    /// <summary>The month written like the original: full or three-letter, same capitalisation.</summary>
    private static string MonthName(int month, string like)
    {
        var name = Full[month - 1];
        var core = like.TrimEnd('.');
        if (core.Length <= 4 && !Full[(MonthOf(core) ?? 1) - 1].Equals(core, StringComparison.OrdinalIgnoreCase))
            name = name[..3] + (like.EndsWith('.') ? "." : "");
        if (core.Length > 1 && core.All(char.IsUpper)) name = name.ToUpperInvariant();
        return name;
    }

    [GeneratedRegex(@"^(?<y>\d{4})[-/.](?<m>\d{1,2})[-/.](?<d>\d{1,2})$")]
    private static partial Regex NumericYmd();

    [GeneratedRegex(@"^(?<m>\d{1,2})[-/.](?<d>\d{1,2})(?:[-/.](?<y>\d{4}|\d{2}))?$")]
    private static partial Regex NumericMdy();

    [GeneratedRegex(@"^(?<mon>[A-Za-z]{3,9}\.?)[\s-]+(?<y>\d{4}|'\d\d)$")]
    private static partial Regex MonthYear();

    [GeneratedRegex(@"^(?:(?<d>\d{1,2})(?<sfx>st|nd|rd|th)?(?:\s+of)?[\s-]+(?<mon>[A-Za-z]{3,9}\.?)|(?<mon>[A-Za-z]{3,9}\.?)[\s-]+(?<d>\d{1,2})(?<sfx>st|nd|rd|th)?)(?:,?[\s-]+(?<y>\d{4}|'\d\d))?$")]
    private static partial Regex DayMonth();

    [GeneratedRegex(@"^(?<d>\d{1,2})(?:st|nd|rd|th)$")]
    private static partial Regex OrdinalDay();
}
