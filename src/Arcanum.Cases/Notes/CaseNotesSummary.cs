using Arcanum.Deid;

namespace Arcanum.Cases.Notes;

/// <summary>What a run wrote: notes, their characters, gold spans per type, and the seconds it took.</summary>
public sealed record CaseNotesSummary(
    int Notes, long Characters, IReadOnlyDictionary<PhiType, int> Spans, double Seconds)
{
    public int TotalSpans => Spans.Values.Sum();
}
