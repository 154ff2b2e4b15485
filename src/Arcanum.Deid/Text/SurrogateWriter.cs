using System.Text;

namespace Arcanum.Deid.Text;

/// <summary>
/// Realistic replacements keyed by the project key. Names: each word maps, by HMAC of its normalised form, to a
/// gazetteer first name or surname (initials to a letter), so "John Smith" and a later "Smith" stay consistent.
/// Dates: shifted by the patient's keyed offset (shared with tables and DICOM), format kept. Everything else keeps its shape: digits become
/// keyed digits, letters keyed letters of the same case, punctuation and street/facility words stay.
/// </summary>
internal sealed class SurrogateWriter(byte[] key)
{
    private readonly KeyedHash hash = new(key);

    /// <summary>
    /// The patient's date offset in days: the one <c>deid table</c> and <c>deid dicom</c> use (366 to 3652 days back),
    /// so a patient's notes, table rows and images keep their intervals to each other.
    /// </summary>
    public int ShiftDays(string patient) => Tables.PatientDateShift.OffsetDays(key, patient);

    public string Replace(string original, PhiType type, int shiftDays) => type switch
    {
        PhiType.Name => Name(original),
        PhiType.Date => DateShifter.Shift(original, shiftDays) ?? Shape(original, "date"),
        PhiType.Age => "90",
        PhiType.Location => Place(original),
        _ => Shape(original, PhiTypes.ToName(type)),
    };

    private string Name(string original)
    {
        var gazetteer = Gazetteer.English;
        return Words(original, word =>
        {
            var h = hash.Of("name", word.ToUpperInvariant());
            if (word.Length == 1) return ((char)('A' + (int)(h % 26))).ToString();
            var list = gazetteer.FirstNames.Contains(word) ? gazetteer.FirstNameList : gazetteer.SurnameList;
            return Cased(list[(int)(h % (ulong)list.Count)], word);
        });
    }

    private string Place(string original)
    {
        var gazetteer = Gazetteer.English;
        return Words(original, word =>
        {
            if (char.IsDigit(word[0])) return Shape(word, "place-number");
            if (!char.IsUpper(word[0]) || gazetteer.StreetSuffixes.Contains(word) || gazetteer.States.Contains(word)
                || gazetteer.CityPrefixes.Contains(word) || Lexicon.Common.Contains(word)) return word;
            var h = hash.Of("place", word.ToUpperInvariant());
            var stem = gazetteer.SurnameList[(int)(h % (ulong)gazetteer.SurnameList.Count)];
            var suffix = gazetteer.CitySuffixList[(int)((h >> 32) % (ulong)gazetteer.CitySuffixList.Count)];
            return Cased(stem + suffix, word);
        });
    }

    /// <summary>Same characters classes and length: a phone stays a phone-shaped string, an MRN an MRN shape.</summary>
    private string Shape(string original, string purpose)
    {
        var h = hash.Of(purpose, original.ToUpperInvariant());
        var result = new StringBuilder(original.Length);
        var counter = 0UL;
        foreach (var c in original)
        {
            var r = Mix(h, counter++);
            result.Append(c switch
            {
                >= '0' and <= '9' => (char)('0' + (int)(r % 10)),
                >= 'a' and <= 'z' => (char)('a' + (int)(r % 26)),
                >= 'A' and <= 'Z' => (char)('A' + (int)(r % 26)),
                _ => c,
            });
        }
        return result.ToString();
    }

    private static ulong Mix(ulong h, ulong i)
    {
        var x = h ^ (i + 0x9E3779B97F4A7C15UL) * 0xBF58476D1CE4E5B9UL;
        x ^= x >> 31;
        return x * 0x94D049BB133111EBUL;
    }

    /// <summary>Replaces each run of letters/digits through <paramref name="map"/>, keeping what lies between.</summary>
    private static string Words(string original, Func<string, string> map)
    {
        var result = new StringBuilder(original.Length + 8);
        var i = 0;
        while (i < original.Length)
        {
            if (!char.IsLetterOrDigit(original[i]))
            {
                result.Append(original[i++]);
                continue;
            }
            var start = i;
            while (i < original.Length && (char.IsLetterOrDigit(original[i]) || original[i] is '\'' or '’')) i++;
            var word = original[start..i];
            var possessive = word.EndsWith("'s", StringComparison.OrdinalIgnoreCase) ? word[^2..] : "";
            result.Append(map(word[..^possessive.Length])).Append(possessive);
        }
        return result.ToString();
    }

    private static string Cased(string surrogate, string like) =>
        like.Length > 1 && like.All(c => !char.IsLower(c)) ? surrogate.ToUpperInvariant() : surrogate;
}
