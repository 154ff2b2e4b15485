namespace Arcanum.Federated.Statistics;

/// <summary>The answer to a statistics query: each site's guarded release and the guarded global one.</summary>
public sealed record StatisticsReport(
    StatisticsQuery Query, IReadOnlyList<StatisticsTable> Sites, StatisticsTable Global);
