using System.Globalization;
using System.Text.RegularExpressions;

namespace Arcanum.Deid.Tables;

/// <summary>
/// A starting policy from a table's column names and a sample of its values: identifiers become pseudonyms, direct
/// identifiers (names, addresses, contacts, SSNs) are dropped, ZIP codes cut to ZIP3, dates kept to the year, ages
/// capped at 90+, long free text de-identified, and likely quasi-identifiers marked. A person must review it: a
/// suggestion errs towards removing, but cannot know what a column means.
/// </summary>
public static partial class PolicySuggester
{
    public const int SampleRows = 1000;

    private static readonly HashSet<string> Direct =
    [
        "name", "firstname", "lastname", "surname", "forename", "fname", "lname", "fullname", "address", "street",
        "addr", "city", "town", "phone", "telephone", "tel", "mobile", "cell", "fax", "email", "mail", "ssn",
        "social", "url", "ip", "licence", "license", "plate", "vin", "iban", "card",
    ];

    private static readonly HashSet<string> Identifier =
    [
        "id", "pid", "ptno", "ptid", "mrn", "patient", "patientid", "subject", "subjectid", "record", "recordno",
        "encounter", "visit", "account", "acct", "admission", "case", "caseno", "studyid", "no", "nr", "num", "number",
    ];

    private static readonly HashSet<string> PatientWords = ["pid", "ptno", "ptid", "patient", "patientid", "mrn",
        "subject", "subjectid"];

    private static readonly HashSet<string> Quasi =
    [
        "sex", "gender", "race", "ethnicity", "ethnic", "marital", "country", "nationality", "language", "religion",
        "occupation", "job", "education", "hospital", "year", "state", "county",
    ];

    /// <exception cref="DeidInputException">The input cannot be read as a table.</exception>
    public static (IReadOnlyList<SuggestedColumn> Columns, string? Patient) Suggest(string input)
    {
        using var csv = TableCsv.Open(input);
        var header = csv.Header;
        var samples = header.Select(_ => new List<string>()).ToArray();
        foreach (var (cells, _) in csv.Rows().Take(SampleRows))
        {
            for (var c = 0; c < cells.Length; c++)
                if (!TableCsv.IsMissing(cells[c])) samples[c].Add(cells[c]!.Trim());
        }
        var profiles = samples.Select(ColumnProfile.Of).ToArray();
        var pseudonyms = header.Select((h, i) => (h, i)).Where(x => IsIdentifier(Words(x.h), profiles[x.i])).ToArray();
        var patient = pseudonyms.Where(x => Words(x.h).Overlaps(PatientWords)).Select(x => x.h).FirstOrDefault()
            ?? pseudonyms.Select(x => x.h).FirstOrDefault();
        var columns = header.Select((h, i) => Choose(h, profiles[i], patient)).ToArray();
        return (columns, patient);
    }

    private static SuggestedColumn Choose(string name, ColumnProfile p, string? patient)
    {
        var words = Words(name);
        var seen = F($"{p.Present:N0} sampled value(s), {p.Distinct:N0} distinct");
        SuggestedColumn S(Treatment t, string why, bool qi = false, DateTreatment? date = null) =>
            new(new ColumnPolicy(name, t, date, null, qi), $"{why} ({seen})");

        if (words.Overlaps(Direct)) return S(Treatment.Drop, "name says a direct identifier (name, address, contact)");
        if (p.Mostly(p.Emails)) return S(Treatment.Drop, "values look like e-mail addresses");
        if (p.Mostly(p.Ssns)) return S(Treatment.Drop, "values look like social security numbers");
        if (p.Mostly(p.Phones) && !IsIdentifier(words, p)) return S(Treatment.Drop, "values look like phone numbers");
        if (name == patient || IsIdentifier(words, p))
            return S(Treatment.Pseudonym, "an identifier: keyed pseudonym, the same in every table");
        if (words.Any(w => w.StartsWith("zip", StringComparison.Ordinal) || w is "postal" or "postcode"))
            return S(Treatment.Zip3, "a ZIP code: Safe Harbor keeps 3 digits (000 in sparse areas)", qi: true);
        if (words.Overlaps(["dob", "birth", "birthdate", "born"]))
            return S(Treatment.Date, "date of birth: Safe Harbor keeps the year (one category for ages over 89)",
                true, DateTreatment.Year);
        if (words.Contains("age")) return S(Treatment.Age, "an age: Safe Harbor groups ages over 89 as 90+", qi: true);
        if (p.Mostly(p.Dates))
            return S(Treatment.Date, "values are dates: year only is Safe Harbor; 'date: shift' keeps intervals "
                + "per patient but is not Safe Harbor", true, DateTreatment.Year);
        if (p.Present > 0 && p.Prose >= 0.5 * p.Present)
            return patient is null
                ? S(Treatment.Drop, "long free text, and no patient column to de-identify it per patient")
                : S(Treatment.Text, "long free text: names, dates and numbers in it are de-identified per patient");
        if (words.Overlaps(Quasi))
            return S(Treatment.Keep, "kept, and marked as a quasi-identifier an attacker could know", qi: true);
        return S(Treatment.Keep, "no sign of an identifier; check it is not one");
    }

    /// <summary>
    /// A patient identifier by name (repeated in a table of visits), or another identifier by name whose sampled
    /// values are (nearly) all distinct.
    /// </summary>
    private static bool IsIdentifier(HashSet<string> words, ColumnProfile p) =>
        !words.Contains("age") && !p.Mostly(p.Dates) && (words.Overlaps(PatientWords)
            || (words.Overlaps(Identifier) && p.Distinct >= 0.95 * p.Present));

    /// <summary>The lower-case words of a column name: "PatientID" and "patient_id" give patient, id.</summary>
    internal static HashSet<string> Words(string name)
    {
        var spaced = CamelCase().Replace(name, "$1 $2");
        var words = NonWord().Split(spaced.ToLowerInvariant()).Where(w => w.Length > 0).ToHashSet();
        words.Add(NonWord().Replace(name.ToLowerInvariant(), ""));
        return words;
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("([a-z0-9])([A-Z])")]
    private static partial Regex CamelCase();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonWord();
}
