namespace Arcanum.Deid.Evaluation;

/// <summary>
/// One figure overall, per <see cref="PhiType"/> and per <see cref="PhiCategory"/>, so a category that leaks
/// cannot hide behind a good overall number. Every type and category is present, with zero counts if unseen.
/// </summary>
public sealed record Breakdown<T>(T Overall, IReadOnlyDictionary<PhiType, T> ByType,
    IReadOnlyDictionary<PhiCategory, T> ByCategory)
    where T : struct;
