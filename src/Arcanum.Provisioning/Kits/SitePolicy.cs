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
public sealed record SitePolicy(IReadOnlyList<string>? AllowedAlgorithms = null, int MinSites = 1, int? MaxRounds = null, double? MaxEpsilon = null);
