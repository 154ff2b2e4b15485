using System.Globalization;

namespace Arcanum.Deid.Synthetic;

/// <summary>
/// The ways clinical notes write a date, each as pieces: the span covers the date only, so "the 4th" labels "4th"
/// (as the i2b2 guidelines do). Years run to 2099 because real de-identified corpora shift them there.
/// </summary>
public static class DateStyles
{
    private static readonly CultureInfo Us = CultureInfo.InvariantCulture;

    /// <summary>Every style; <see cref="Numeric"/> are the ones a header or date of birth uses.</summary>
    public static readonly string[] All =
        ["M/d/yyyy", "MM/dd/yy", "dd-MMM", "MMMM d'th'", "the d'th'", "yyyy-MM-dd", "MMM yyyy", "d MMMM yyyy",
            "MMMM d, yyyy", "M/d", "MM/dd/yyyy", "MMM d, yyyy", "d-MMM-yyyy", "M-d-yyyy", "MMMM yyyy"];

    public static readonly string[] Numeric = ["M/d/yyyy", "MM/dd/yy", "yyyy-MM-dd", "MM/dd/yyyy", "M-d-yyyy"];

    public static DateOnly Draw(Random random, int fromYear = 1930, int toYear = 2099) =>
        new DateOnly(fromYear, 1, 1).AddDays(random.Next((toYear - fromYear + 1) * 365));

    public static IEnumerable<Piece> Format(DateOnly date, string style)
    {
        if (style.StartsWith("the ", StringComparison.Ordinal))
            return [Piece.Plain("the "), Piece.Phi(date.Day + Ordinal(date.Day), PhiType.Date)];
        var text = style.EndsWith("'th'", StringComparison.Ordinal)
            ? date.ToString(style[..^4], Us) + Ordinal(date.Day)
            : date.ToString(style, Us);
        return [Piece.Phi(text, PhiType.Date)];
    }

    public static string Ordinal(int day) => day switch
    {
        1 or 21 or 31 => "st",
        2 or 22 => "nd",
        3 or 23 => "rd",
        _ => "th",
    };
}
