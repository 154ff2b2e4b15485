namespace Arcanum.Deid.Text;

/// <summary>A word of a note: characters [Start, End) and what the word lists say about it.</summary>
internal readonly record struct Token(int Start, int End, TokenFlags Flags)
{
    public int Length => End - Start;

    public bool Has(TokenFlags flag) => (Flags & flag) != 0;
}
