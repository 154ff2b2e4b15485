using Arcanum.Deid.Text.Learned;

namespace Arcanum.Deid.Text;

/// <summary>
/// Finds the identifiers in one note: every layer runs over the whole text, then overlaps are merged. Thread-safe
/// and allocation-light (one token list and one span list per note), so notes can be processed in parallel.
/// A learned <see cref="TokenTagger"/>, when given, is one more layer: its spans join the rules' before the merge,
/// so it can add what the rules miss but never take away what they find.
/// </summary>
public sealed class PhiDetector(TokenTagger? tagger = null)
{
    private static readonly IRecognizer[] Layers =
    [
        new ContactRecognizer(), new IdentifierRecognizer(), new DateRecognizer(), new AgeRecognizer(),
        new LocationRecognizer(), new NameRecognizer(),
    ];

    /// <summary>Disjoint spans in text order, as offsets into <paramref name="text"/>.</summary>
    public IReadOnlyList<PhiSpan> Detect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0) return [];
        var tokens = Tokenizer.Tokens(text);
        var found = new List<PhiSpan>(32);
        foreach (var layer in Layers) layer.Find(text, tokens, found);
        tagger?.Find(text, tokens, found);
        return SpanResolver.Resolve(found);
    }
}
