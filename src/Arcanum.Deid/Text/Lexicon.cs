using System.Reflection;

namespace Arcanum.Deid.Text;

/// <summary>
/// Words that are not identifiers on their own: SCOWL's lower-case American English words, Arcanum's list of
/// drugs, eponyms, scores and clinical abbreviations, and capitalised non-identifying words such as days,
/// nationalities and countries (data/deid). A capitalised token found here needs a name-like
/// context before it is treated as a name; one not found here is a name wherever it is capitalised.
/// </summary>
internal static class Lexicon
{
    private static readonly Lazy<WordSet> LazyCommon = new(() => new WordSet(
        Resource("english-words.txt").Concat(Resource("clinical-words.txt")).Concat(Resource("proper-words.txt"))));

    private static readonly Lazy<WordSet> LazyClinical = new(() => new WordSet(Resource("clinical-words.txt")));

    /// <summary>Every ordinary or clinical word.</summary>
    public static WordSet Common => LazyCommon.Value;

    /// <summary>Only the clinical words (drugs, eponyms, scores): never a name on their own.</summary>
    public static WordSet Clinical => LazyClinical.Value;

    private static IEnumerable<string> Resource(string name)
    {
        var assembly = typeof(Lexicon).Assembly;
        using var stream = assembly.GetManifestResourceStream("Arcanum.Deid." + name)
            ?? throw new InvalidOperationException($"Embedded word list {name} is missing from the build.");
        using var reader = new StreamReader(stream);
        var words = new List<string>();
        while (reader.ReadLine() is { } line)
            if (line.Length > 0 && line[0] != '#') words.Add(line.Trim());
        return words;
    }
}
