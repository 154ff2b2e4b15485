namespace Arcanum.Deid.Text;

/// <summary>
/// Turns the overlapping findings of all layers into disjoint spans: overlapping spans merge into their union
/// (recall first: a character any layer flags stays flagged), typed by the longest finding; on a tie a specific
/// type beats the catch-all ones (<see cref="PhiType.Id"/>, then <see cref="PhiType.Name"/>).
/// </summary>
internal static class SpanResolver
{
    public static List<PhiSpan> Resolve(List<PhiSpan> found)
    {
        found.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.End.CompareTo(a.End));
        var resolved = new List<PhiSpan>(found.Count);
        var i = 0;
        while (i < found.Count)
        {
            var best = found[i];
            var (start, end) = (best.Start, best.End);
            var j = i + 1;
            for (; j < found.Count && found[j].Start < end; j++)
            {
                var next = found[j];
                end = Math.Max(end, next.End);
                if (Beats(next, best)) best = next;
            }
            resolved.Add(new PhiSpan(start, end, best.Type));
            i = j;
        }
        return resolved;
    }

    private static bool Beats(PhiSpan a, PhiSpan b) =>
        a.Length > b.Length || (a.Length == b.Length && Rank(a.Type) > Rank(b.Type));

    /// <summary>Catch-all types lose ties: a generic <see cref="PhiType.Id"/> or name to anything specific.</summary>
    private static int Rank(PhiType type) => type switch
    {
        PhiType.Name => 0,
        PhiType.Id => 1,
        _ => 2,
    };
}
