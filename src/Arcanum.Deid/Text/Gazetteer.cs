using Bogus;
using Bogus.Bson;

namespace Arcanum.Deid.Text;

/// <summary>
/// Name and place lists from Bogus's "en" locale only (first names, surnames, street suffixes, city prefixes and
/// suffixes, US states). Only "en" on purpose: the evaluation corpus draws part of its names from other locales,
/// so recall there measures the catch-all rules, not a shared list. The same lists supply surrogates.
/// </summary>
internal sealed class Gazetteer
{
    private static readonly Lazy<Gazetteer> LazyEnglish = new(() => new Gazetteer());

    private Gazetteer()
    {
        FirstNameList = Strings("name", "first_name").Concat(Strings("name", "male_first_name"))
            .Concat(Strings("name", "female_first_name")).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        SurnameList = Strings("name", "last_name").Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        StreetSuffixList = Strings("address", "street_suffix").ToArray();
        CitySuffixList = Strings("address", "city_suffix").ToArray();
        FirstNames = new WordSet(FirstNameList);
        Surnames = new WordSet(SurnameList);
        StreetSuffixes = new WordSet(StreetSuffixList.Concat(
            ["St", "Ave", "Rd", "Blvd", "Ln", "Dr", "Ct", "Pl", "Hwy", "Pkwy", "Ter", "Cir", "Sq", "Trl", "Rte"]));
        CityPrefixes = new WordSet(Strings("address", "city_prefix").Concat(["New", "Fort", "Port", "Mount", "Lake"]));
        States = new WordSet(Strings("address", "state").Concat(Strings("address", "state_abbr")));
    }

    public static Gazetteer English => LazyEnglish.Value;

    public IReadOnlyList<string> FirstNameList { get; }

    public IReadOnlyList<string> SurnameList { get; }

    public IReadOnlyList<string> StreetSuffixList { get; }

    public IReadOnlyList<string> CitySuffixList { get; }

    public WordSet FirstNames { get; }

    public WordSet Surnames { get; }

    public WordSet StreetSuffixes { get; }

    public WordSet CityPrefixes { get; }

    /// <summary>US state names and two-letter codes: a state is not PHI, but marks the city before it.</summary>
    public WordSet States { get; }

    /// <summary>Whether the token looks like a generated town name: a name plus a suffix such as -ville or -ton.</summary>
    public bool IsTownLike(ReadOnlySpan<char> token)
    {
        foreach (var suffix in CitySuffixList)
        {
            if (token.Length <= suffix.Length + 2 || !token.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                continue;
            var stem = token[..^suffix.Length];
            if (FirstNames.Contains(stem) || Surnames.Contains(stem)) return true;
        }
        return false;
    }

    private static IEnumerable<string> Strings(string category, string path)
    {
        var array = (BArray)Database.Get(category, path, "en");
        for (var i = 0; i < array.Count; i++) yield return array[i].StringValue;
    }
}
