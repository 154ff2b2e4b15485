using Arcanum.Deid;

namespace Arcanum.Cases.Notes;

/// <summary>
/// One written note: its <see cref="File"/> name in the output folder, its text, and the gold spans of the
/// surrogate identifiers in it (UTF-16 offsets, as <c>deid train</c> and <c>deid evaluate</c> read them).
/// <see cref="ToString"/> leaves the text out: it reads like a patient's note.
/// </summary>
public sealed record CaseNote(string File, string Text, IReadOnlyList<PhiSpan> Spans)
{
    public override string ToString() => $"CaseNote({File}, {Text.Length} characters, {Spans.Count} spans)";
}
