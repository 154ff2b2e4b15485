namespace Arcanum.Federated.Statistics;

/// <summary>
/// What one site's statistics computation produces: mergeable sums per group, noisy when the site's
/// policy adds noise. These go to the aggregator (the engine may add them up securely); the requester
/// sees only guarded releases (<see cref="StatisticsRelease"/>). Holds no row and no single value.
/// </summary>
/// <param name="Site">The site's name.</param>
/// <param name="Groups">Sums per group, in the site's group order.</param>
/// <param name="EpsilonSpent">ε this query cost the site; 0 without noise.</param>
/// <param name="NoiseScale">
/// Laplace scale or Gaussian σ per unit of sensitivity (0 without noise): a count carries noise of this scale.
/// </param>
public sealed record SiteSums(string Site, IReadOnlyList<GroupSums> Groups, double EpsilonSpent, double NoiseScale)
{
    /// <summary>The sums of several sites, group by group (a group missing at a site counts as empty).</summary>
    public static IReadOnlyList<GroupSums> Add(IEnumerable<SiteSums> sites, StatisticsQuery query)
    {
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentNullException.ThrowIfNull(query);
        var merged = new List<GroupSums>();
        foreach (var site in sites)
        {
            foreach (var group in site.Groups)
            {
                var at = merged.FindIndex(g => g.Group == group.Group);
                if (at < 0) merged.Add(GroupSums.Empty(group.Group, query).Add(group));
                else merged[at] = merged[at].Add(group);
            }
        }
        return merged;
    }
}
