namespace Arcanum.Federated.Engine;

/// <summary>
/// What an evaluation under secure aggregation gave: each contributor's answer (its own metrics), how every site's task
/// ended, and the exact sum of the contributors' counts (their score histograms); <paramref name="Failure"/> says why it
/// gave nothing (too few sites), else null.
/// </summary>
public sealed record SecureEvaluation(
    IReadOnlyDictionary<string, SiteAnswer> Answers,
    IReadOnlyDictionary<string, TaskOutcome> Outcomes,
    IReadOnlyList<string> Contributors,
    long[]? Counts,
    string? Failure);
