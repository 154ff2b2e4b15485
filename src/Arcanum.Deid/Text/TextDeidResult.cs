namespace Arcanum.Deid.Text;

/// <summary>A de-identified note and the spans found, as offsets into the original text.</summary>
public sealed record TextDeidResult(string Text, IReadOnlyList<PhiSpan> Spans)
{
    /// <summary>Counts only: the result holds patient-derived text and must not reach a log.</summary>
    public override string ToString() => $"TextDeidResult {{ {Text.Length} chars, {Spans.Count} spans }}";
}
