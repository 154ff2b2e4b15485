using System.Globalization;

namespace Arcanum.Data;

/// <summary>Invariant-culture parsing and formatting of single cells, shared by the reader and the encoders.</summary>
internal static class Cells
{
    private static readonly DateTime Epoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly string[] DateFormats =
    [
        "yyyy-MM-dd",
        "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mmK",
        "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ssK",
        "yyyy-MM-ddTHH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK",
    ];

    public static bool TryParseInteger(string text, out double value)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            value = n;
            return true;
        }
        value = double.NaN;
        return false;
    }

    /// <summary>A finite number in invariant form (no thousands separators; "Infinity" and "NaN" are not numbers).</summary>
    public static bool TryParseNumber(string text, out double value)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value))
            return true;
        value = double.NaN;
        return false;
    }

    /// <summary>An ISO date (yyyy-MM-dd, optionally with THH:mm[:ss[.f]] and an offset) as days since 1970-01-01 UTC.</summary>
    public static bool TryParseDate(string text, out double days)
    {
        days = double.NaN;
        if (text.Length < 10 || text[4] != '-' || text[7] != '-') return false;
        if (!DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var dt))
            return false;
        days = (dt - Epoch).TotalDays;
        return true;
    }

    public static string FormatNumber(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string FormatDate(double days)
    {
        var dt = Epoch.AddTicks((long)Math.Round(days * TimeSpan.TicksPerDay));
        return dt.TimeOfDay == TimeSpan.Zero
            ? dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : dt.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
    }
}
