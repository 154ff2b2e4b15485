namespace Arcanum.Deid.Text;

/// <summary>
/// Runs of initials written with periods ("J.T.", "A.B.C."): in a note they are a person ("Per J.T., ...") unless the
/// letters spell a credential or a Latin/clinical abbreviation (M.D., R.N., p.o., q.i.d., U.S.). Even those are a
/// person when a relation word comes before or "'s" after ("R.N.'s daughter").
/// </summary>
internal static class Initials
{
    private static readonly WordSet NotNames = new(["MD", "DO", "RN", "NP", "PA", "PT", "OT", "DC", "US", "UK", "EU",
        "AM", "PM", "PO", "IV", "IM", "SC", "SQ", "PR", "OD", "OS", "OU", "AD", "AS", "AU", "BID", "TID", "QID", "QD",
        "HS", "PRN", "NPO", "QHS", "QOD", "ER", "OR", "ICU", "BP", "HR", "RR", "ID", "IE", "EG", "AKA", "DOB", "MS",
        "BA", "BS", "MA", "JD", "DDS", "DMD", "LPN", "NB", "PS", "RSVP", "ASAP", "CC", "BC", "AD", "CE", "VS"]);

    /// <summary>The tokens [first, last] of the initials run through token i, or (-1, -1) if it is not one.</summary>
    public static (int First, int Last) RunAt(string text, List<Token> tokens, int i)
    {
        if (!IsLetter(tokens[i])) return (-1, -1);
        var first = i;
        while (first > 0 && IsLetter(tokens[first - 1]) && Gap(text, tokens[first - 1], tokens[first]) is ".") first--;
        var last = i;
        while (last + 1 < tokens.Count && IsLetter(tokens[last + 1]) && Gap(text, tokens[last], tokens[last + 1]) is ".")
            last++;
        var closed = tokens[last].End < text.Length && text[tokens[last].End] == '.';
        return last > first && last - first <= 3 && closed ? (first, last) : (-1, -1);
    }

    /// <summary>Whether the run [first, last] names a person in this sentence.</summary>
    public static bool IsPerson(string text, List<Token> tokens, int first, int last, bool afterRelation)
    {
        Span<char> letters = stackalloc char[last - first + 1];
        for (var j = first; j <= last; j++) letters[j - first] = text[tokens[j].Start];
        foreach (var c in letters) if (!char.IsUpper(c)) return false;
        if (!NotNames.Contains(letters)) return true;
        var end = tokens[last].End + 1;
        return afterRelation || text.AsSpan(end).StartsWith("'s") || text.AsSpan(end).StartsWith("’s");
    }

    /// <summary>Whether the run [first, last] spells a credential or abbreviation ("M.D."), never part of a name.</summary>
    public static bool IsAbbreviation(string text, List<Token> tokens, int first, int last)
    {
        Span<char> letters = stackalloc char[last - first + 1];
        for (var j = first; j <= last; j++) letters[j - first] = text[tokens[j].Start];
        return NotNames.Contains(letters);
    }

    private static bool IsLetter(Token t) => t.Length == 1 && !t.Has(TokenFlags.Number);

    private static ReadOnlySpan<char> Gap(string text, Token a, Token b) => text.AsSpan(a.End, b.Start - a.End);
}
