using System.Security.Cryptography;
using Arcanum.Data.Tables;
using Arcanum.Federated.Simulation;

namespace Arcanum.Federated.Statistics;

/// <summary>
/// A statistics query over sites held in this process: each site computes its sums from its own
/// table under its own policy and ledger, exactly as a site process would, and only those sums are
/// combined. So the simulation shows what a network query would release, withheld cells included.
/// </summary>
public static class SimulatedStatistics
{
    public static StatisticsReport Run(IReadOnlyList<(string Site, DataTable Table)> sites, StatisticsQuery query, SitePolicy policy, int seed)
    {
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(policy);
        if (sites.Count == 0) throw new StatisticsException("There are no sites to query.");
        query.Validate();
        policy.Validate();
        // With noise, a seed anyone can derive (the one the user typed) would let them regenerate and subtract it.
        var sums = sites.Select(s => SiteStatistics.Compute(s.Site, s.Table, query, policy, new StatisticsBudget(policy),
            policy.IsNoisy ? RandomNumberGenerator.GetInt32(1, int.MaxValue) : Seeds.ForSite(seed, 0, s.Site))).ToList();
        return StatisticsRelease.Report(sums, query, sites.ToDictionary(s => s.Site, _ => policy, StringComparer.Ordinal));
    }
}
