namespace Arcanum.Provisioning;

/// <summary>
/// What a site agrees to take part in (kit.json <c>policy</c>); the site refuses other jobs.
/// The site's own IT edits it; provisioning writes the permissive default.
/// </summary>
/// <param name="AllowedAlgorithms">Algorithm names the site accepts (fedavg, fedprox, ...); null accepts any.</param>
/// <param name="MinSites">The fewest sites a job must have; more than 1 keeps a site from being the only contributor to a model.</param>
/// <param name="MaxRounds">The most rounds a job may ask for; null for no limit.</param>
/// <param name="MaxEpsilon">
/// The most privacy budget a job may spend on this site's patients: only jobs with "dp" whose epsilon is at
/// most this are accepted (sample-level DP-SGD). Null accepts jobs without DP.
/// </param>
/// <param name="StatsMinCount">
/// Statistics queries (<c>arcanum admin stats</c>): a count below this (above 0) is withheld, with every
/// statistic computed from fewer records, at this site and in the global table.
/// </param>
/// <param name="StatsEpsilon">ε one statistics query spends on Laplace noise; null for no noise.</param>
/// <param name="StatsEpsilonBudget">
/// Total ε this site allows over all statistics queries (needs <paramref name="StatsEpsilon"/>); a query
/// that would pass it is refused. Null for no total.
/// </param>
public sealed record SitePolicy(
    IReadOnlyList<string>? AllowedAlgorithms = null,
    int MinSites = 1,
    int? MaxRounds = null,
    double? MaxEpsilon = null,
    int StatsMinCount = SitePolicy.DefaultStatsMinCount,
    double? StatsEpsilon = null,
    double? StatsEpsilonBudget = null)
{
    /// <summary>The usual small-cell rule of official statistics.</summary>
    public const int DefaultStatsMinCount = 10;
}
