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
    ]);

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
        Extend(text, tokens, name);
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!name[i]) continue;
            var start = tokens[i].Start;
            var end = tokens[i].End;
            while (i + 1 < tokens.Count && name[i + 1] && Joined(text, tokens[i], tokens[i + 1])) end = tokens[++i].End;
            if (end < text.Length && text[end] == '.' && end - start == 1) end++;
            found.Add(new(start, end, PhiType.Name));
        }
    }

    private static bool IsName(string text, List<Token> tokens, int i)
    {
        var t = tokens[i];
        if (!t.Has(TokenFlags.Capitalised) || t.Has(TokenFlags.Initial) || IsEponym(text, tokens, i)) return false;
        var word = text.AsSpan(t.Start, t.Length);
        if (Titles.Contains(word) || Credentials.Contains(word)) return false;
        var known = t.Has(TokenFlags.Word);
        var gazetteer = t.Has(TokenFlags.FirstName) || t.Has(TokenFlags.Surname);
        if (t.Has(TokenFlags.AllCaps))
            return (gazetteer && !known) || (gazetteer && Neighbour(tokens, i, TokenFlags.AllCaps, gazetteer: true))
                || AfterTitle(text, tokens, i);
        if (!known) return true;
        if (t.Has(TokenFlags.Clinical)) return AfterTitle(text, tokens, i) || BeforeCredential(text, tokens, i);
        if (gazetteer && !t.Has(TokenFlags.SentenceStart)) return true;
        return AfterTitle(text, tokens, i) || BeforeCredential(text, tokens, i)
            || (gazetteer && (AfterRelation(text, tokens, i) || Neighbour(tokens, i, TokenFlags.None, true)));
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
                if (!t.Has(TokenFlags.Capitalised) || t.Has(TokenFlags.Clinical)) continue;
                var nameLike = t.Has(TokenFlags.Initial) || t.Has(TokenFlags.FirstName) || t.Has(TokenFlags.Surname);
                if (!nameLike || Titles.Contains(text.AsSpan(t.Start, t.Length))) continue;
                var left = i > 0 && name[i - 1] && Close(text, tokens[i - 1], t);
                var right = i + 1 < tokens.Count && name[i + 1] && Close(text, t, tokens[i + 1]);
                if (left || right) changed = name[i] = true;
            }
        }
        while (changed);
    }

    /// <summary>Two words of one name: a space, an initial's period, or "Last, First".</summary>
    private static bool Close(string text, Token a, Token b)
    {
        var gap = text.AsSpan(a.End, b.Start - a.End);
        return gap is " " or ". " or ", " or ".";
    }

    private static bool Joined(string text, Token a, Token b) => text.AsSpan(a.End, b.Start - a.End) is " " or ". ";
}
