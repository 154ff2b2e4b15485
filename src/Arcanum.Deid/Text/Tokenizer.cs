using System.Text.RegularExpressions;

namespace Arcanum.Deid.Text;

/// <summary>Splits a note into word and number tokens and looks each up once in the lexicon and gazetteer.</summary>
internal static partial class Tokenizer
{
    public static List<Token> Tokens(string text)
    {
        var tokens = new List<Token>(text.Length / 5);
        var gazetteer = Gazetteer.English;
        foreach (var m in WordOrNumber().EnumerateMatches(text))
        {
            var word = text.AsSpan(m.Index, m.Length);
            var flags = TokenFlags.None;
            if (char.IsAsciiDigit(word[0]))
            {
                tokens.Add(new(m.Index, m.Index + m.Length, TokenFlags.Number));
                continue;
            }
            if (char.IsUpper(word[0])) flags |= TokenFlags.Capitalised;
            if (word.Length > 1 && IsAllCaps(word)) flags |= TokenFlags.AllCaps;
            if (word.Length == 1 && char.IsUpper(word[0])) flags |= TokenFlags.Initial;
            if (Lexicon.Common.Contains(word) || IsCompoundOfWords(word) || IsAbbreviationPlural(word)
                || IsPastTenseOfWord(word))
                flags |= TokenFlags.Word;
            if (Lexicon.Clinical.Contains(word)) flags |= TokenFlags.Clinical;
            else if ((flags & TokenFlags.Word) == 0 && MedicalMorphology.IsMedical(word))
                flags |= TokenFlags.Word | TokenFlags.Clinical;
            if (gazetteer.FirstNames.Contains(word)) flags |= TokenFlags.FirstName;
            if (gazetteer.Surnames.Contains(word)) flags |= TokenFlags.Surname;
            if (IsSentenceStart(text, m.Index)) flags |= TokenFlags.SentenceStart;
            tokens.Add(new(m.Index, m.Index + m.Length, flags));
        }
        return tokens;
    }

    /// <summary>"X-ray", "follow-up": every hyphen-separated part is a word or a single letter.</summary>
    private static bool IsCompoundOfWords(ReadOnlySpan<char> word)
    {
        if (word.IndexOf('-') < 0) return false;
        foreach (var range in word.Split('-'))
        {
            var part = word[range];
            if (part.Length > 1 && !Lexicon.Common.Contains(part) && !int.TryParse(part, out _)) return false;
        }
        return true;
    }

    /// <summary>"PVCs", "MRIs", "ADLs": capitals and a plural s are an abbreviation, never a name.</summary>
    private static bool IsAbbreviationPlural(ReadOnlySpan<char> word) =>
        word.Length >= 3 && word[^1] == 's' && IsAllCaps(word[..^1]);

    /// <summary>
    /// "Ambulated", "Diuresed", "Tolerated": the past tense of a known word (stem, stem + e, or a doubled consonant
    /// undone). Only -ed: surnames end in -ing and -s from ordinary words (Manning, Browning, Rivers), hardly in -ed.
    /// </summary>
    private static bool IsPastTenseOfWord(ReadOnlySpan<char> word)
    {
        if (word.Length < 6 || !word.EndsWith("ed", StringComparison.OrdinalIgnoreCase)) return false;
        var stem = word[..^2];
        Span<char> withE = stackalloc char[stem.Length + 1];
        stem.CopyTo(withE);
        withE[^1] = 'e';
        bool Known(ReadOnlySpan<char> w) => Lexicon.Common.Contains(w) || Lexicon.Clinical.Contains(w);
        return Known(stem) || Known(withE)
            || (stem.Length >= 4 && char.ToLowerInvariant(stem[^1]) == char.ToLowerInvariant(stem[^2]) && Known(stem[..^1]));
    }

    private static bool IsAllCaps(ReadOnlySpan<char> word)
    {
        foreach (var c in word) if (char.IsLower(c)) return false;
        return true;
    }

    /// <summary>Start of text, of a line, or after . ! ? : (capitalisation there says nothing about names).</summary>
    private static bool IsSentenceStart(string text, int index)
    {
        for (var i = index - 1; i >= 0; i--)
        {
            var c = text[i];
            if (c == '\n') return true;
            if (c is ' ' or '\t' or '"' or '(' or '\'' or '-' or '*') continue;
            return c is '.' or '!' or '?' or ':' or ';' or '•';
        }
        return true;
    }

    [GeneratedRegex(@"[\p{L}\d]+(?:['’-][\p{L}\d]+)*")]
    private static partial Regex WordOrNumber();
}
