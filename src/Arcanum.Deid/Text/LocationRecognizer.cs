using System.Text.RegularExpressions;

namespace Arcanum.Deid.Text;

/// <summary>
/// Geography below state level: street addresses (number, words, a street suffix), "City, ST 12345", ZIP codes,
/// places after "lives in"/"moved to"-like phrases, town-like names (a gazetteer name plus -ville, -ton, ...),
/// "North X"/"Port X", and hospitals, clinics and wards named after people or places.
/// </summary>
internal sealed partial class LocationRecognizer : IRecognizer
{
    private static readonly WordSet Facilities = new([
        "Hospital", "Hospitals", "Clinic", "Clinics", "Infirmary", "Hospice", "Institute", "University", "College",
        "Pharmacy", "Ward", "Wing", "Pavilion", "Center", "Centre", "Healthcare", "Home", "Manor", "Sanatorium",
        "Practice", "Rehab",
    ]);

    private static readonly System.Buffers.SearchValues<char> Digits =
        System.Buffers.SearchValues.Create("0123456789-");

    /// <summary>
    /// Words that describe a facility without naming it ("the Memorial Hospital", "Urgent Care Center"); any other
    /// ordinary word before a facility word ("Brink Memorial Hospital", "Turner Clinic") is its name.
    /// </summary>
    private static readonly WordSet Generic = new(["the", "a", "an", "our", "this", "your", "his", "her", "their",
        "memorial", "general", "medical", "regional", "community", "county", "city", "state", "university", "teaching",
        "district", "health", "care", "urgent", "primary", "specialty", "surgical", "surgery", "rehabilitation",
        "rehab", "cancer", "heart", "eye", "dental", "family", "mental", "behavioral", "psychiatric", "nursing",
        "outpatient", "inpatient", "ambulatory", "day", "diagnostic", "imaging", "sleep", "pain", "wound", "dialysis",
        "infusion", "children's", "childrens", "women's", "veterans", "va", "private", "public", "local", "main",
        "new", "old", "north", "south", "east", "west", "central", "walk-in", "free", "sports", "spine", "vein",
        "skin", "foot", "ankle", "hand", "knee", "joint", "bone", "breast", "stroke", "trauma", "burn", "fertility",
        "allergy", "asthma", "diabetes", "weight", "obesity", "research", "treatment", "recovery", "senior", "adult",
        "pediatric", "maternity", "birth", "vision", "hearing", "speech", "physical", "therapy", "occupational",
        "addiction", "detox", "hospice", "home", "nursing", "assisted", "living", "long-term", "acute", "clinic",
        "hospital", "center", "centre", "institute", "of", "and", "for", "at", "in", "medicine", "pulmonary",
        "follow-up", "followup", "walk", "same-day", "express", "student", "employee", "travel", "virtual", "group",
        "practice", "partners", "associates", "services", "system", "network", "town", "specialist", "specialists",
        "physicians", "doctors", "women", "men", "kids", "baptist", "methodist", "presbyterian", "lutheran",
        "catholic", "mercy", "saint", "st"]);

    /// <summary>"Hartmann Memorial Hospital": the word before "Memorial" is the person it remembers.</summary>
    private static bool Memorial(string text, Token next) =>
        text.AsSpan(next.Start, next.Length).Equals("Memorial", StringComparison.Ordinal);

    private static readonly WordSet Directions = new(["N", "S", "E", "W", "NE", "NW", "SE", "SW", "North", "South",
        "East", "West"]);

    public void Find(string text, List<Token> tokens, List<PhiSpan> found)
    {
        var gazetteer = Gazetteer.English;
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            var word = text.AsSpan(t.Start, t.Length);
            if (t.Has(TokenFlags.Number) && t.Length <= 6) Street(text, tokens, i, found);
            if (!t.Has(TokenFlags.Capitalised)) continue;
            if (Facilities.Contains(word) && !t.Has(TokenFlags.AllCaps)) Facility(text, tokens, i, found);
            if (t.Length == 2 ? t.Has(TokenFlags.AllCaps) && gazetteer.States.Contains(word)
                : gazetteer.States.Contains(word)) CityState(text, tokens, i, found);
            if (!t.Has(TokenFlags.Word) && !t.Has(TokenFlags.AllCaps) && gazetteer.IsTownLike(word))
                found.Add(new(t.Start, t.End, PhiType.Location));
            if (gazetteer.CityPrefixes.Contains(word) && i + 1 < tokens.Count && IsPlaceWord(tokens[i + 1])
                && Gap(text, t, tokens[i + 1]) is " ")
                found.Add(new(t.Start, tokens[i + 1].End, PhiType.Location));
        }
        foreach (Match m in AfterPlacePhrase().Matches(text))
        {
            var start = m.Index + m.Length;
            var run = Run(text, tokens, FirstAt(tokens, start), 3);
            if (run.Count > 0) found.Add(new(run.Start, run.End, PhiType.Location));
        }
        foreach (Match m in Zip().Matches(text))
            found.Add(new(m.Groups[1].Index, m.Groups[1].Index + m.Groups[1].Length, PhiType.Zip));
        foreach (var m in Unit().EnumerateMatches(text)) found.Add(new(m.Index, m.Index + m.Length, PhiType.Location));
    }

    /// <summary>A word that can be part of a place name: not an ordinary word, or a name from the gazetteer.</summary>
    private static bool IsPlaceWord(Token t) => t.Has(TokenFlags.Capitalised) && !t.Has(TokenFlags.Clinical)
        && (!t.Has(TokenFlags.Word) || t.Has(TokenFlags.FirstName) || t.Has(TokenFlags.Surname));

    private static ReadOnlySpan<char> Gap(string text, Token a, Token b) => text.AsSpan(a.End, b.Start - a.End);

    /// <summary>"12 Oak Hill Road": a number, up to four capitalised words, the last a street suffix.</summary>
    private static void Street(string text, List<Token> tokens, int i, List<PhiSpan> found)
    {
        var end = -1;
        for (var j = i + 1; j < tokens.Count && j <= i + 5; j++)
        {
            var t = tokens[j];
            if (!t.Has(TokenFlags.Capitalised) || Gap(text, tokens[j - 1], t).Length > 2
                || Gap(text, tokens[j - 1], t).ContainsAny('\n', ',')) break;
            var word = text.AsSpan(t.Start, t.Length);
            if (j > i + 1 && Gazetteer.English.StreetSuffixes.Contains(word)) end = t.End;
            else if (j > i + 1 && end > 0 && !Directions.Contains(word)) break;
        }
        if (end < 0) return;
        if (end < text.Length && text[end] == '.' && char.IsLetter(text[end - 1]) && end - Start(text, end) <= 4) end++;
        found.Add(new(tokens[i].Start, end, PhiType.Location));
    }

    private static int Start(string text, int end)
    {
        while (end > 0 && char.IsLetter(text[end - 1])) end--;
        return end;
    }

    /// <summary>"St. Mary's Hospital", "Lakeside Clinic": capitalised words before a facility word, one a name.</summary>
    private static void Facility(string text, List<Token> tokens, int i, List<PhiSpan> found)
    {
        var start = -1;
        var named = false;
        for (var j = i - 1; j >= 0 && j >= i - 4; j--)
        {
            var t = tokens[j];
            if (!t.Has(TokenFlags.Capitalised) || Gap(text, t, tokens[j + 1]).Length > 2
                || Gap(text, t, tokens[j + 1]).ContainsAny('\n', ':', ',')) break;
            start = t.Start;
            var word = text.AsSpan(t.Start, t.Length);
            named |= IsPlaceWord(t) || Gazetteer.English.IsTownLike(word)
                || (!Generic.Contains(word) && (!t.Has(TokenFlags.Clinical) || Memorial(text, tokens[j + 1])));
        }
        if (named) found.Add(new(start, tokens[i].End, PhiType.Location));
    }

    /// <summary>
    /// "Jamesville, OH 43210": the capitalised words before a state are a city; five digits after, a ZIP. MD, PA, OR
    /// and IN also mean a credential or a word, so they count only with a ZIP.
    /// </summary>
    private static void CityState(string text, List<Token> tokens, int i, List<PhiSpan> found)
    {
        var zipFollows = i + 1 < tokens.Count && IsZip(text.AsSpan(tokens[i + 1].Start, tokens[i + 1].Length));
        if (!zipFollows && text.AsSpan(tokens[i].Start, tokens[i].Length) is "MD" or "PA" or "OR" or "IN") return;
        if (i > 0 && Gap(text, tokens[i - 1], tokens[i]).Trim() is ",")
        {
            var start = -1;
            for (var j = i - 1; j >= 0 && j >= i - 3; j--)
            {
                var t = tokens[j];
                if (!t.Has(TokenFlags.Capitalised) || (j < i - 1 && Gap(text, t, tokens[j + 1]) is not " ")) break;
                start = t.Start;
            }
            if (start >= 0) found.Add(new(start, tokens[i - 1].End, PhiType.Location));
        }
        if (zipFollows && Gap(text, tokens[i], tokens[i + 1]).Trim().Length <= 1)
        {
            found.Add(new(tokens[i + 1].Start, tokens[i + 1].End, PhiType.Zip));
        }
    }

    /// <summary>"43210" or ZIP+4 "43210-1234" (one token: the tokenizer keeps hyphenated runs together).</summary>
    private static bool IsZip(ReadOnlySpan<char> token) =>
        (token.Length == 5 || (token.Length == 10 && token[5] == '-')) && !token.ContainsAnyExcept(Digits);

    private static int FirstAt(List<Token> tokens, int start)
    {
        for (var j = 0; j < tokens.Count; j++) if (tokens[j].Start >= start) return j;
        return tokens.Count;
    }

    private static (int Start, int End, int Count) Run(string text, List<Token> tokens, int from, int max)
    {
        var (start, end, count) = (0, 0, 0);
        for (var j = from; j < tokens.Count && count < max; j++)
        {
            var t = tokens[j];
            if (!IsPlaceWord(t) && !(count > 0 && t.Has(TokenFlags.Capitalised) && !t.Has(TokenFlags.Clinical)))
                break;
            if (count > 0 && Gap(text, tokens[j - 1], t) is not " ") break;
            if (count == 0) start = t.Start;
            end = t.End;
            count++;
        }
        return (start, end, count);
    }

    [GeneratedRegex(@"(?i)\b(?:lives|living|lived|resides|residing|born|grew up|home|moved|relocated|vacation(?:ing)?|"
        + @"trip|travel(?:l)?ed|returned|visiting|located|native|resident|town|city|county)\s+(?:in|to|from|of|at)\s+")]
    private static partial Regex AfterPlacePhrase();

    /// <summary>After a "zip"/"postal code" label any 3-5 digit postcode counts, not only a US one.</summary>
    [GeneratedRegex(@"(?i)\b(?:zip(?:\s*code)?|post(?:al)?\s*code)(?:\s+is)?\s*[:#]?\s*(\d{3,5}(?:[- ]\d{2,4})?|\d\d-\d{3})\b")]
    private static partial Regex Zip();

    [GeneratedRegex(@"\b(?:Apt|Apartment|Suite|Ste|P\.?O\.? Box)\.?\s*#?\s*\d+[A-Z]?\b")]
    private static partial Regex Unit();
}
