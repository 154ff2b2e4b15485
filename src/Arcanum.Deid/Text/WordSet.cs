using System.Collections.Frozen;

namespace Arcanum.Deid.Text;

/// <summary>
/// A case-insensitive set of words looked up by span, so that checking a token of a note allocates nothing.
/// A trailing possessive ('s) is ignored: "Parkinson's" is looked up as "Parkinson".
/// </summary>
internal sealed class WordSet
{
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> lookup;

    public WordSet(IEnumerable<string> words)
    {
        var set = words.Where(w => w.Length > 0).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        Count = set.Count;
        lookup = set.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count { get; }

    public bool Contains(ReadOnlySpan<char> word)
    {
        if (lookup.Contains(word)) return true;
        return word.Length > 2 && word[^2] is '\'' or '’' && word[^1] is 's' or 'S' && lookup.Contains(word[..^2]);
    }
}
