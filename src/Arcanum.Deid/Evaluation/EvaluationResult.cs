namespace Arcanum.Deid.Evaluation;

/// <summary>
/// Predicted spans scored against gold under each <see cref="MatchRule"/>, plus character-level recall.
/// <see cref="UnpredictedDocuments"/> are gold documents with no predicted span at all (skipped, or nothing
/// found); their spans count as missed. <see cref="UnknownDocuments"/> are predicted documents the gold does not
/// name: every span there is a false positive, and many of them usually mean the file names do not line up.
/// </summary>
public sealed record EvaluationResult(
    int GoldDocuments,
    IReadOnlyList<string> UnpredictedDocuments,
    IReadOnlyList<string> UnknownDocuments,
    Breakdown<Score> Lenient,
    Breakdown<Score> Exact,
    Breakdown<Score> ExactTyped,
    Breakdown<CharacterCoverage> Characters)
{
    public Breakdown<Score> For(MatchRule rule) => rule switch
    {
        MatchRule.Lenient => Lenient,
        MatchRule.Exact => Exact,
        _ => ExactTyped,
    };
}
