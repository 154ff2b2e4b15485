namespace Arcanum.Deid.Text;

/// <summary>
/// Names of patients, relatives and clinicians, in layers: after a title (Dr., Mrs.) or before a credential
/// (", MD"); after a relation or role word (wife, patient, seen by); gazetteer first and last names that are not
/// ordinary words, or that are capitalised mid-sentence; and, Philter-style, any capitalised token that is neither
/// an English nor a clinical word. A name found extends to neighbouring capitalised words and initials.
/// </summary>
internal sealed class NameRecognizer : IRecognizer
{
    private static readonly WordSet Titles = new(["Dr", "Doctor", "Mr", "Mrs", "Ms", "Miss", "Mx", "Prof",
        "Professor", "Nurse", "Sr", "Sister", "Father", "Rev", "Judge", "Officer", "Pastor", "Mister", "Madam"]);

    private static readonly WordSet Credentials = new(["MD", "DO", "RN", "NP", "PA", "PA-C", "PhD", "DDS", "MBBS",
        "FRCP", "FACP", "FACC", "LPN", "CNA", "MSW", "LCSW", "PharmD", "CRNA", "APRN", "FNP", "DNP", "BSN", "MSN",
        "DPM", "OD", "PT", "OT", "DPT", "CNM", "RD", "Jr", "Sr", "II", "III"]);

    private static readonly WordSet Relations = new([
        "patient", "pt", "name", "son", "daughter", "wife", "husband", "mother", "father", "sister", "brother",
        "spouse", "partner", "friend", "niece", "nephew", "grandson", "granddaughter", "grandmother",
        "grandfather", "aunt", "uncle", "cousin", "girlfriend", "boyfriend", "fiance", "fiancee", "named",
        "called", "by", "per", "attending", "resident", "pcp", "surgeon", "physician", "cc", "dictated", "signed",
        "cosigned", "caregiver", "guardian", "neighbor", "neighbour", "roommate", "mom", "dad", "contact", "dear",
        "from", "to", "and", "with", "notified", "paged", "informed", "told", "asked", "thanks", "thank", "regards",
        "provider", "nurse", "np", "pa", "md", "rn", "author", "fellow", "intern", "colleague", "stepson",
        "stepdaughter", "stepmother", "stepfather", "mr", "mrs", "ms", "dr", "hcp", "poa", "proxy", "sincerely",
        "daughter-in-law", "son-in-law", "mother-in-law", "father-in-law", "sister-in-law", "brother-in-law",
    ]);

    private static readonly WordSet Relatives = new(["son", "daughter", "wife", "husband", "mother", "father",
        "sister", "brother", "spouse", "partner", "friend", "niece", "nephew", "aunt", "uncle", "cousin", "mom",
        "dad", "grandson", "granddaughter", "caregiver", "girlfriend", "boyfriend", "fiance", "fiancee"]);

    /// <summary>Words after which a capitalised word is a disease, sign or test, not a person.</summary>
    private static readonly WordSet EponymNext = new(["disease", "syndrome", "sign", "test", "score", "scale",
        "maneuver", "manoeuvre", "reflex", "palsy", "criteria", "classification", "fracture", "procedure",
        "operation", "ulcer", "node", "nodes", "lymphoma", "sarcoma", "tumor", "tumour", "catheter", "tube",
        "phenomenon", "law", "triad", "position", "incision", "repair", "disorder", "contracture", "esophagus",
        "diverticulum", "cyst", "stain", "agar", "block", "grade", "stage", "index", "formula", "method"]);

    public void Find(string text, List<Token> tokens, List<PhiSpan> found)
    {
        var name = new bool[tokens.Count];
        for (var i = 0; i < tokens.Count; i++) name[i] = IsName(text, tokens, i);
        MarkInitials(text, tokens, name);
        Extend(text, tokens, name);
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!name[i]) continue;
            var start = tokens[i].Start;
            var end = tokens[i].End;
            while (i + 1 < tokens.Count && name[i + 1] && Joined(text, tokens[i], tokens[i + 1])) end = tokens[++i].End;
            if (end < text.Length && text[end] == '.' && tokens[i].Has(TokenFlags.Initial)) end++;
            found.Add(new(start, end, PhiType.Name));
        }
    }

    /// <summary>"Per J.T., symptoms worsened": a run of initials is a person unless it spells an abbreviation.</summary>
    private static void MarkInitials(string text, List<Token> tokens, bool[] name)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var (first, last) = Initials.RunAt(text, tokens, i);
            if (first < 0) continue;
            if (Initials.IsPerson(text, tokens, first, last, AfterRelation(text, tokens, first)))
                for (var j = first; j <= last; j++) name[j] = true;
            i = last;
        }
    }

    private static bool IsName(string text, List<Token> tokens, int i)
    {
        var t = tokens[i];
        if (!t.Has(TokenFlags.Capitalised) || t.Has(TokenFlags.Initial) || IsEponym(text, tokens, i)) return false;
        var word = text.AsSpan(t.Start, t.Length);
        if (Titles.Contains(word) || IsCredential(t, word)) return false;
        var known = t.Has(TokenFlags.Word);
        var gazetteer = t.Has(TokenFlags.FirstName) || t.Has(TokenFlags.Surname);
        if (t.Has(TokenFlags.AllCaps))
            return IsStateCode(word) ? AfterTitle(text, tokens, i) : (gazetteer && !known) || (gazetteer && Neighbour(tokens, i, TokenFlags.AllCaps, gazetteer: true))
                || AfterTitle(text, tokens, i) || AfterNameLabel(text, tokens, i);
        if (!known) return true;
        if (t.Has(TokenFlags.Clinical)) return AfterTitle(text, tokens, i) || BeforeCredential(text, tokens, i);
        if (IsLabel(text, t)) return AfterTitle(text, tokens, i);
        if (gazetteer && !t.Has(TokenFlags.SentenceStart)) return true;
        // "daughter Sung-min", "son Jean-Luc": a capitalised compound of words after a relation is a given name.
        return AfterTitle(text, tokens, i) || BeforeCredential(text, tokens, i)
            || (word.Contains('-') && AfterRelation(text, tokens, i))
            || (gazetteer && (AfterRelation(text, tokens, i) || Neighbour(tokens, i, TokenFlags.None, true)
                || BeforeAge(text, tokens[i].End) || BeforeRelative(text, tokens, i)));
    }

    /// <summary>"Dayton, OH", "Kokomo, AL": a two-letter state code after a city is not the name Al.</summary>
    private static bool IsStateCode(ReadOnlySpan<char> word) =>
        word.Length == 2 && Gazetteer.English.States.Contains(word);

    /// <summary>"MD", "RN", "PhD": a credential in its usual case; "Dr. Do" is a surname, "DO" is not.</summary>
    private static bool IsCredential(Token t, ReadOnlySpan<char> word) =>
        Credentials.Contains(word) && (t.Has(TokenFlags.AllCaps) || word is "PhD" or "PharmD" or "Jr" or "Sr");

    /// <summary>"Patient Name:", "Diagnosis:": an ordinary word right before a colon is a heading or a field label.</summary>
    private static bool IsLabel(string text, Token t) => t.End < text.Length && text[t.End] == ':';

    /// <summary>"Josh is a 58-year-old": a name from the list that opens the usual first line of a history.</summary>
    private static bool BeforeAge(string text, int end)
    {
        var after = text.AsSpan(end);
        if (!after.StartsWith(" is a")) return false;
        after = after[5..].TrimStart('n').TrimStart(' ');
        return after.Length > 0 && char.IsAsciiDigit(after[0]);
    }

    /// <summary>"Josh's daughter": a name from the list owning a relative.</summary>
    private static bool BeforeRelative(string text, List<Token> tokens, int i)
    {
        var word = text.AsSpan(tokens[i].Start, tokens[i].Length);
        if (!word.EndsWith("'s") && !word.EndsWith("’s")) return false;
        return i + 1 < tokens.Count && tokens[i + 1].Start - tokens[i].End == 1
            && Relatives.Contains(text.AsSpan(tokens[i + 1].Start, tokens[i + 1].Length));
    }

    /// <summary>"Patient: SABDAT, AUGUSTINA": all-caps words right after a patient-name field label.</summary>
    private static bool AfterNameLabel(string text, List<Token> tokens, int i)
    {
        if (i == 0) return false;
        var previous = tokens[i - 1];
        var label = text.AsSpan(previous.Start, previous.Length);
        return text.AsSpan(previous.End, tokens[i].Start - previous.End).Trim(' ') is ":"
            && (label.Equals("patient", StringComparison.OrdinalIgnoreCase)
                || label.Equals("name", StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsEponym(string text, List<Token> tokens, int i)
    {
        if (i + 1 >= tokens.Count) return false;
        var next = tokens[i + 1];
        return EponymNext.Contains(text.AsSpan(next.Start, next.Length)) && next.Start - tokens[i].End <= 2;
    }

    private static bool AfterTitle(string text, List<Token> tokens, int i)
    {
        if (i == 0) return false;
        var previous = tokens[i - 1];
        var gap = text.AsSpan(previous.End, tokens[i].Start - previous.End);
        return gap is " " or ". " or "." && Titles.Contains(text.AsSpan(previous.Start, previous.Length))
            && char.IsUpper(text[previous.Start]);
    }

    private static bool BeforeCredential(string text, List<Token> tokens, int i)
    {
        if (i + 1 >= tokens.Count) return false;
        var next = tokens[i + 1];
        var gap = text.AsSpan(tokens[i].End, next.Start - tokens[i].End);
        var credential = text.AsSpan(next.Start, next.Length);
        if (credential is "II" or "III" or "Jr" or "Sr" && tokens[i].Has(TokenFlags.Word)
            && !tokens[i].Has(TokenFlags.FirstName) && !tokens[i].Has(TokenFlags.Surname)) return false;
        return gap is ", " or " " or "," && (next.Has(TokenFlags.AllCaps) || credential is "PhD" or "PharmD")
            && Credentials.Contains(credential);
    }

    private static bool AfterRelation(string text, List<Token> tokens, int i)
    {
        if (i == 0) return false;
        var previous = tokens[i - 1];
        return text.AsSpan(previous.End, tokens[i].Start - previous.End).Trim(" :,.").Length == 0
            && Relations.Contains(text.AsSpan(previous.Start, previous.Length));
    }

    private static bool Neighbour(List<Token> tokens, int i, TokenFlags also, bool gazetteer)
    {
        static bool Named(Token t) => t.Has(TokenFlags.FirstName) || t.Has(TokenFlags.Surname);
        bool Fits(Token t) => t.Has(TokenFlags.Capitalised) && (also == TokenFlags.None || t.Has(also))
            && (!gazetteer || Named(t)) && !t.Has(TokenFlags.Clinical);
        return (i > 0 && Fits(tokens[i - 1]) && tokens[i].Start - tokens[i - 1].End == 1)
            || (i + 1 < tokens.Count && Fits(tokens[i + 1]) && tokens[i + 1].Start - tokens[i].End == 1);
    }

    /// <summary>
    /// Grows each name over adjacent capitalised gazetteer names and initials ("John A. Smith", "Smith, J."),
    /// until nothing changes.
    /// </summary>
    private static void Extend(string text, List<Token> tokens, bool[] name)
    {
        bool changed;
        do
        {
            changed = false;
            for (var i = 0; i < tokens.Count; i++)
            {
                if (name[i]) continue;
                var t = tokens[i];
                if (!t.Has(TokenFlags.Capitalised) || IsAbbreviationInitial(text, tokens, i)) continue;
                var left = i > 0 && name[i - 1] && Close(text, tokens[i - 1], t);
                var right = i + 1 < tokens.Count && name[i + 1] && Close(text, t, tokens[i + 1]);
                if (!left && !right) continue;
                var word = text.AsSpan(t.Start, t.Length);
                if (Titles.Contains(word) || IsEponym(text, tokens, i)
                    || (t.Has(TokenFlags.AllCaps) && IsStateCode(word))) continue;
                var nameLike = t.Has(TokenFlags.Initial) || t.Has(TokenFlags.FirstName) || t.Has(TokenFlags.Surname);
                var grows = t.Has(TokenFlags.Clinical)
                    ? left && Joined(text, tokens[i - 1], t) && !t.Has(TokenFlags.AllCaps)
                    : nameLike || (left && t.Has(TokenFlags.AllCaps) && tokens[i - 1].Has(TokenFlags.AllCaps)
                        && !t.Has(TokenFlags.Word) && Gap(text, tokens[i - 1], t) is ", " or " ");
                if (grows) changed = name[i] = true;
            }
        }
        while (changed);
    }

    private static bool IsAbbreviationInitial(string text, List<Token> tokens, int i)
    {
        if (!tokens[i].Has(TokenFlags.Initial)) return false;
        var (first, last) = Initials.RunAt(text, tokens, i);
        return first >= 0 && Initials.IsAbbreviation(text, tokens, first, last);
    }

    private static ReadOnlySpan<char> Gap(string text, Token a, Token b) => text.AsSpan(a.End, b.Start - a.End);

    /// <summary>Two words of one name: a space, an initial's period, or "Last, First".</summary>
    private static bool Close(string text, Token a, Token b)
    {
        var gap = text.AsSpan(a.End, b.Start - a.End);
        return gap is " " or ". " or ", " or ".";
    }

    /// <summary>
    /// Tokens of one name span: a space, an initial's period ("J.T."), or a header's "LAST, FIRST" (both in capitals,
    /// or the first name ending the line).
    /// </summary>
    private static bool Joined(string text, Token a, Token b) => Gap(text, a, b) switch
    {
        " " => true,
        ". " or "." => a.Length == 1,
        ", " => (a.Has(TokenFlags.AllCaps) && b.Has(TokenFlags.AllCaps)) || b.End == text.Length || text[b.End] == '\n',
        _ => false,
    };
}
