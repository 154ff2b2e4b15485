namespace Arcanum.Deid.Text;

/// <summary>What a run did, in counts only (summary.json): never a value from the notes.</summary>
public sealed record TextDeidSummary(
    int Notes, long Characters, IReadOnlyDictionary<PhiType, int> Counts, double Seconds, TextDeidMode Mode)
{
    public int Spans => Counts.Values.Sum();

    public double NotesPerSecond => Seconds > 0 ? Notes / Seconds : 0;
}
