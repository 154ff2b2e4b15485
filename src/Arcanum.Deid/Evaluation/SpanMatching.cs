namespace Arcanum.Deid.Evaluation;

/// <summary>The matching rules and character coverage as pure functions on one document's spans.</summary>
public static class SpanMatching
{
    public static bool Matches(PhiSpan gold, PhiSpan predicted, MatchRule rule) => rule switch
    {
        MatchRule.Lenient => gold.Overlaps(predicted),
        MatchRule.Exact => gold.Start == predicted.Start && gold.End == predicted.End,
        _ => gold == predicted,
    };

    /// <summary>How many of <paramref name="gold"/>'s characters lie inside at least one predicted span.</summary>
    public static int CoveredCharacters(PhiSpan gold, IReadOnlyList<PhiSpan> predicted)
    {
        var covered = 0;
        var at = gold.Start;
        foreach (var p in predicted.Where(p => p.Overlaps(gold)).OrderBy(p => p.Start))
        {
            var start = Math.Max(at, p.Start);
            var end = Math.Min(gold.End, p.End);
            if (end > start)
            {
                covered += end - start;
                at = end;
            }
        }
        return covered;
    }
}
