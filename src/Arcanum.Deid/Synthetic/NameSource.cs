using Bogus;
using Bogus.DataSets;

namespace Arcanum.Deid.Synthetic;

/// <summary>
/// Draws surrogate names, cities and streets: half from Bogus "en", about 35% from other Bogus locales (romanised),
/// 15% invented. Every draw goes through one seeded <see cref="Random"/>, so a seed gives the same corpus.
/// </summary>
public sealed class NameSource
{
    /// <summary>Latin-script locales whose names a US-English gazetteer will mostly lack.</summary>
    public static readonly string[] OtherLocales =
        ["de", "fr", "es", "it", "nl", "pl", "pt_BR", "tr", "vi", "fi", "sv", "cz", "sk", "hr", "ro", "nb_NO", "id_ID",
            "en_IND", "en_NG"];

    private readonly Random random;
    private readonly Faker english;
    private readonly Faker[] others;

    public NameSource(Random random)
    {
        this.random = random;
        english = Seeded("en");
        others = [.. OtherLocales.Select(Seeded)];
    }

    internal NameOrigin NextOrigin()
    {
        var roll = random.NextDouble();
        return roll < 0.5 ? NameOrigin.English : roll < 0.85 ? NameOrigin.OtherLocale : NameOrigin.MadeUp;
    }

    public (string First, string Last) Person(bool female) => NextOrigin() switch
    {
        NameOrigin.English => (english.Name.FirstName(Gender(female)), english.Name.LastName()),
        NameOrigin.OtherLocale => FromOther(f => (f.Name.FirstName(Gender(female)), f.Name.LastName())),
        _ => (MadeUpNames.First(random), MadeUpNames.Last(random)),
    };

    public string City() => NextOrigin() switch
    {
        NameOrigin.English => english.Address.City(),
        NameOrigin.OtherLocale => FromOther(f => f.Address.City()),
        _ => MadeUpNames.Place(random),
    };

    /// <summary>A street name without number ("Elm Street", "Via Roma").</summary>
    public string Street() => NextOrigin() switch
    {
        NameOrigin.English => english.Address.StreetName(),
        NameOrigin.OtherLocale => FromOther(f => f.Address.StreetName()),
        _ => MadeUpNames.Last(random) + " " + Pick("Street", "Road", "Avenue", "Lane", "Drive", "Court"),
    };

    public string Surname() => Person(random.Next(2) == 0).Last;

    public string State() => english.Address.StateAbbr();

    public string Pick(params string[] choices) => choices[random.Next(choices.Length)];

    private Name.Gender Gender(bool female) => female ? Name.Gender.Female : Name.Gender.Male;

    private T FromOther<T>(Func<Faker, T> draw)
    {
        var value = draw(others[random.Next(others.Length)]);
        return value switch
        {
            string s => (T)(object)Clean(s),
            ValueTuple<string, string> pair => (T)(object)(Clean(pair.Item1), Clean(pair.Item2)),
            _ => value,
        };
    }

    private static string Clean(string value) => Romanizer.Romanize(value).Trim();

    private Faker Seeded(string locale) => new(locale) { Random = new Randomizer(random.Next()) };
}
