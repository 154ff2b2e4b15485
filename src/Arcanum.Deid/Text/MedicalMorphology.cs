namespace Arcanum.Deid.Text;

/// <summary>
/// Medical words that no word list holds all of ("Musculoskeletal", "Hypothyroidism", "Nontender"), recognised by
/// their Greek and Latin parts: a medical suffix on a stem of three or more letters, a combining form such as
/// hyper- or neuro- before four or more letters, or a prefix such as peri- or non- before a known word. Person
/// names do not end in -ectomy or begin with hepato-, so this keeps vocabulary without costing names.
/// </summary>
internal static class MedicalMorphology
{
    private static readonly string[] Suffixes = ["itis", "ectomy", "ectomies", "otomy", "ostomy", "plasty", "scopy",
        "scopic", "graphy", "ography", "ogram", "emia", "aemia", "algia", "osis", "oses", "opathy", "opathic",
        "ology", "ologic", "ological", "ologically", "ologist", "megaly", "uria", "lysis", "penia", "trophy",
        "plegia", "paresis", "rrhea", "rrhoea", "rrhage", "ectasis", "ectasia", "iasis", "pnea", "pnoea", "cardia",
        "cardial", "thorax", "ation", "ations", "skeletal", "urinary", "vascular", "vascularly", "mentary", "febrile",
        "iatric", "genic", "tropic", "phagia", "phasia", "esthesia", "kinesia", "cephalic", "oscopy", "ectomized",
        "ocytic", "ocytosis", "itic", "otic", "atic", "etic"];

    /// <summary>Combining forms that begin only medical words.</summary>
    private static readonly string[] Combining = ["hyper", "hypo", "neuro", "cardio", "gastro", "osteo", "hemato",
        "haemato", "hepato", "nephro", "dermato", "patello", "sacro", "thoraco", "normo", "angio", "arthro",
        "broncho", "cysto", "encephalo", "fibro", "glomerulo", "immuno", "laryngo", "lympho", "melano", "pharyngo",
        "pneumo", "psycho", "spondylo", "tachy", "brady", "electro", "echo", "musculo", "genito", "cholecyst",
        "oesophago", "esophago", "colono", "endoscop", "uretero", "urethro", "pyelo", "hystero", "oophor", "salping",
        "hemi", "cerebro", "vaso", "veno", "oculo", "ophthalm", "oto", "rhino", "naso", "oro", "costo", "vertebro"];

    /// <summary>Prefixes that also begin ordinary words: medical only before a known word ("peri-oral").</summary>
    private static readonly string[] Prefixes = ["non", "peri", "intra", "inter", "extra", "sub", "supra", "infra",
        "post", "pre", "retro", "trans", "micro", "macro", "multi", "para", "anti", "endo", "dys"];

    public static bool IsMedical(ReadOnlySpan<char> word)
    {
        if (word.Length < 6 || word.Length > 40) return false;
        Span<char> lower = stackalloc char[word.Length];
        word.ToLowerInvariant(lower);
        return HasSuffix(lower) || HasCombiningForm(lower) || HasPrefixBeforeWord(lower);
    }

    private static bool HasSuffix(ReadOnlySpan<char> lower)
    {
        foreach (var suffix in Suffixes)
            if (lower.Length >= suffix.Length + 3 && lower.EndsWith(suffix, StringComparison.Ordinal)) return true;
        return false;
    }

    private static bool HasCombiningForm(ReadOnlySpan<char> lower)
    {
        foreach (var form in Combining)
            if (lower.Length >= form.Length + 4 && lower.StartsWith(form, StringComparison.Ordinal)) return true;
        return false;
    }

    private static bool HasPrefixBeforeWord(ReadOnlySpan<char> lower)
    {
        foreach (var prefix in Prefixes)
        {
            if (lower.Length < prefix.Length + 4 || !lower.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var rest = lower[prefix.Length..].TrimStart('-');
            if (rest.Length >= 4 && (Lexicon.Common.Contains(rest) || HasSuffix(rest) || HasCombiningForm(rest)))
                return true;
        }
        return false;
    }
}
