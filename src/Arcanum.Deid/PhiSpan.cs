namespace Arcanum.Deid;

/// <summary>An identifier found in a text: characters [Start, End) (UTF-16 offsets) of one type.</summary>
public readonly record struct PhiSpan(int Start, int End, PhiType Type)
{
    public int Length => End - Start;

    /// <summary>Whether the two spans share at least one character (the PhysioNet lenient-match rule).</summary>
    public bool Overlaps(PhiSpan other) => Start < other.End && other.Start < End;
}
