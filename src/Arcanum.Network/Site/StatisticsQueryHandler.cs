using System.Security.Cryptography;
using Arcanum.Data.Tables;
using Arcanum.Federated.Statistics;
using Arcanum.Network.Protocol;
using Arcanum.Network.Transport;

namespace Arcanum.Network.Site;

/// <summary>
/// A site's answer to QUERY_STATISTICS: its sums under its own policy (minimum count, optional ε with the
/// budget kept on disk), its own released table, and only the sums that table shows. A query the site
/// cannot or will not answer (a missing column, a spent budget) is refused with the reason, which the
/// admin sees.
/// </summary>
internal sealed class StatisticsQueryHandler
{
    private readonly Federated.Statistics.SitePolicy _policy;
    private readonly string? _workspace;
    private readonly Action<string> _log;
    private StatisticsLedger? _ledger;
    private StatisticsBudget? _budget;

    public StatisticsQueryHandler(Protocol.SitePolicy policy, string? workspace, Action<string> log)
    {
        _policy = ToPolicy(policy);
        _workspace = workspace;
        _log = log;
    }

    /// <summary>The statistics policy of a site's wire policy: 0 means "not set".</summary>
    public static Federated.Statistics.SitePolicy ToPolicy(Protocol.SitePolicy wire) => new(
        wire.StatsMinCount > 0 ? wire.StatsMinCount : Federated.Statistics.SitePolicy.DefaultMinCellCount,
        wire.StatsEpsilon > 0 ? wire.StatsEpsilon : null,
        wire.StatsEpsilonBudget > 0 ? wire.StatsEpsilonBudget : null);

    /// <param name="task">The task; setup_json holds the query.</param>
    /// <param name="site">This site's name.</param>
    /// <param name="datasets">Dataset name → CSV path.</param>
    /// <param name="table">Reads a dataset's table.</param>
    public (ResultStatus Status, string Message, string Json) Answer(
        Protocol.Task task, string site, IReadOnlyDictionary<string, string> datasets, Func<string, DataTable> table)
    {
        try
        {
            var (data, query) = StatisticsQueryJson.Parse(task.SetupJson);
            if (!datasets.TryGetValue(data, out var path))
                return (ResultStatus.Refused,
                    $"this site has no dataset '{data}' (it has {string.Join(", ", datasets.Keys)})", "");
            _policy.Validate();
            _ledger ??= StatisticsLedger.Open(_workspace);
            _budget ??= _ledger.Budget(_policy);
            // A secret seed: noise drawn from a seed the requester could guess could be subtracted again.
            var sums = SiteStatistics.Compute(site, table(path), query, _policy, _budget,
                RandomNumberGenerator.GetInt32(int.MaxValue));
            if (sums.EpsilonSpent > 0)
            {
                _ledger.Record(new StatisticsLedger.Entry(task.JobId, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                    _policy.Mechanism, sums.EpsilonSpent, _policy.Delta, SiteStatistics.Measurements(query)));
            }
            var released = StatisticsRelease.ForSite(sums, query, _policy);
            _log($"statistics query {task.JobId}: {query.Columns.Count} column(s) of '{data}', " +
                 $"{released.Rows.Count(r => r.Rows.IsReleased)} of {released.Rows.Count} rows released" +
                 (sums.EpsilonSpent > 0 ? $", ε {_budget.EpsilonSpent:G3} spent in all" : ""));
            return (ResultStatus.Ok, "", new StatisticsAnswer(released, ReleasedSums.From(sums, released)).ToJson());
        }
        catch (StatisticsException e)
        {
            return (ResultStatus.Refused, e.Message, "");
        }
    }
}
