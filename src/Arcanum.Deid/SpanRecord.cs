namespace Arcanum.Deid;

/// <summary>
/// One line of <c>spans.jsonl</c>: where an identifier was (document id, character offsets into the original text,
/// type, original length), never the identifier itself. The same format is the gold standard for evaluation.
/// </summary>
public sealed record SpanRecord(string File, int Start, int End, PhiType Type)
{
    /// <summary>The original span's length in characters; the output text may hold a surrogate of another length.</summary>
    public int Length => End - Start;

    public PhiSpan Span => new(Start, End, Type);
}
