using System.Text.RegularExpressions;
using Arcanum.Deid;
using Arcanum.Deid.Synthetic;

namespace Arcanum.Bench.DeidCorpus;

/// <summary>
/// Finds the PHI already in a source note and swaps it for labelled surrogates: every mention of the names
/// <see cref="SourceNames"/> found, dates written with a day or month (numeric or with a month name). Hospitals
/// ("St. X Hospital", "X Y Clinic"), a city before a US state ("Columbus, Georgia") and ages over 89 keep their
/// text and are only labelled. What these rules miss stays unlabelled (a first name said once with no cue, a town
/// without its state).
/// </summary>
internal static partial class ExistingPhi
{
    private const string Months = "January|February|March|April|May|June|July|August|September|October|November|"
        + "December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec";

    public static IEnumerable<Piece> Replace(string text, IReadOnlyDictionary<string, string> names, Random random)
    {
        var found = new List<(int Start, int End, Func<string, IEnumerable<Piece>> Swap)>();
        foreach (var (original, surrogate) in names)
            foreach (var form in new[] { original, original.ToUpperInvariant() }.Distinct())
                foreach (Match m in Regex.Matches(text, Mention(form)))
                    found.Add((m.Index, m.Index + m.Length, o => [Name(Case(o, surrogate))]));
        foreach (var place in new[] { Hospital(), CityBeforeState() })
            foreach (Match m in place.Matches(text))
                found.Add((m.Index, m.Index + m.Length, o => [Piece.Phi(o, PhiType.Location)]));
        foreach (Match m in NumericDate().Matches(text))
            found.Add((m.Index, m.Index + m.Length, o => DateStyles.Format(DateStyles.Draw(random, 1995),
                m.Groups[3].Length == 2 ? "MM/dd/yy" : o.Length == 10 ? "MM/dd/yyyy" : "M/d/yyyy")));
        foreach (Match m in MonthYear().Matches(text))
            found.Add((m.Index, m.Index + m.Length, o => DateStyles.Format(DateStyles.Draw(random, 1995), "MM/yyyy")));
        foreach (Match m in MonthDate().Matches(text))
            found.Add((m.Index, m.Index + m.Length, o => DateStyles.Format(DateStyles.Draw(random, 1995),
                MonthStyle(m))));
        foreach (Match m in OldAge().Matches(text))
            found.Add((m.Index, m.Index + m.Length, o => [Piece.Phi(o, PhiType.Age)]));

        var at = 0;
        foreach (var (start, end, swap) in found.OrderBy(f => f.Start).ThenByDescending(f => f.End))
        {
            if (start < at) continue;
            yield return Piece.Plain(text[at..start]);
            foreach (var piece in swap(text[start..end])) yield return piece;
            at = end;
        }
        yield return Piece.Plain(text[at..]);
    }

    private static string MonthStyle(Match m)
    {
        var month = m.Groups[1].Value.Length > 4 || m.Groups[1].Value == "May" ? "MMMM" : "MMM";
        if (!m.Groups[2].Success) return m.Value.Contains(" of ", StringComparison.Ordinal)
            ? $"{month} 'of' yyyy" : $"{month} yyyy";
        if (m.Groups[4].Success) return $"{month} d, yyyy";
        return m.Groups[3].Success ? $"{month} d'th'" : $"{month} d";
    }

    /// <summary>
    /// A whole-word mention ("X-ray" is not "X"); a one-letter placeholder counts only after a title ("Dr. X").
    /// </summary>
    private static string Mention(string name) => name.Length == 1
        ? $@"(?<=\b(?:Dr|Mr|Mrs|Ms|Miss)\.?[ ]+){Regex.Escape(name)}(?![\w-])"
        : $@"(?<![\w-]){Regex.Escape(name)}(?![\w-])";

    private static string Case(string original, string surrogate) =>
        original.Length > 1 && original.All(c => !char.IsLetter(c) || char.IsUpper(c))
            ? surrogate.ToUpperInvariant() : surrogate;

    private static Piece Name(string text) => Piece.Phi(text, PhiType.Name);

    /// <summary>A named hospital or clinic; one named after its department or county ("Pain Clinic") is not PHI.</summary>
    [GeneratedRegex(@"\b(?!(?:General|Pulmonary|Hand|Pediatric|Pain|Orthopedic|Maintenance|Sample|Neurology|District|"
        + @"County|Medicine|Cardiology|Surgery|Surgical|Urgent|Family|Dermatology|Oncology|Rheumatology|Eye|Sleep|"
        + @"Wound|Diabetes|Psychiatric|Mental|University|Community|Regional|Memorial|Rehab|Veterans|The|Our|This)\b)"
        + @"(?:(?:St\.|Saint)[ ]+[A-Z][a-z]+(?:'s)?|[A-Z][a-z]+)(?:[ ]+[A-Z][a-z]+){0,2}[ ]+"
        + @"(?:Hospital|Medical Center|Clinic|Institute)\b")]
    private static partial Regex Hospital();

    /// <summary>
    /// "Columbus, Georgia", "Gig Harbor, WA": the city is PHI, the state is not. Codes that are also credentials
    /// or words (MD, PA, DE, IN, ME, OR, OK, HI) are left out, so "Smith, MD" stays a name.
    /// </summary>
    [GeneratedRegex(@"\b[A-Z][a-z]+(?:[ ]+[A-Z][a-z]+)?(?=,[ ]+(?:Alabama|Alaska|Arizona|Arkansas|California|Colorado|"
        + @"Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|"
        + @"Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|"
        + @"New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|"
        + @"Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|"
        + @"West Virginia|Wisconsin|Wyoming|(?:AL|AK|AZ|AR|CA|CO|CT|FL|GA|IA|ID|IL|KS|KY|LA|MA|MI|MN|MO|MS|MT|NC|"
        + @"ND|NE|NH|NJ|NM|NV|NY|OH|RI|SC|SD|TN|TX|UT|VA|VT|WA|WI|WV|WY)\b))")]
    private static partial Regex CityBeforeState();

    [GeneratedRegex(@"(?<![\d/])(?:0?[1-9]|1[0-2])/(?:19|20)\d\d\b(?!/)")]
    private static partial Regex MonthYear();

    [GeneratedRegex(@"\b(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b")]
    private static partial Regex NumericDate();

    [GeneratedRegex($@"\b({Months})\.?[ ]+(?:(\d{{1,2}})(st|nd|rd|th)?\b(?:,?[ ]+(\d{{4}}))?|(?:of[ ]+)?(\d{{4}}))\b")]
    private static partial Regex MonthDate();

    [GeneratedRegex(@"\b(?:9\d|1[01]\d)(?=[- ]years?[- ]old|[- ]?yo\b)")]
    private static partial Regex OldAge();
}
