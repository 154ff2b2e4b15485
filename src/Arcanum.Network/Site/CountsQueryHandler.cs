using Arcanum.Cases;
using Arcanum.Cases.DdxPlus;
using Arcanum.Network.Protocol;
using Arcanum.Network.Transport;

namespace Arcanum.Network.Site;

/// <summary>
/// A site's answer to QUERY_COUNTS: the counts a knowledge base's frequencies are estimated from, of its own records,
/// released under its own minimum count (<see cref="DdxPlusCounts.Guarded"/>). The records never leave; a query the site
/// cannot or will not answer (no such dataset, no release files beside it, a policy that demands noise) is refused
/// with the reason, which the admin sees.
/// </summary>
internal static class CountsQueryHandler
{
    /// <param name="task">The task; setup_json holds the query.</param>
    /// <param name="datasets">Dataset name → path.</param>
    /// <param name="policy">This site's policy: its minimum count, and whether it demands noise.</param>
    /// <param name="log">Where the site's log goes.</param>
    public static (ResultStatus Status, string Message, string Json) Answer(Protocol.Task task, IReadOnlyDictionary<string, string> datasets,
        Protocol.SitePolicy policy, Action<string> log)
    {
        if (WireSchemas.Check(WireDocument.CountsQuery, task.SetupJson) is { } why)
            return (ResultStatus.Failed, $"the counts query is not valid: {why}", "");
        var data = System.Text.Json.JsonDocument.Parse(task.SetupJson).RootElement.GetProperty("data").GetString()!;
        if (!datasets.TryGetValue(data, out var path))
            return (ResultStatus.Refused, $"this site has no dataset '{data}' (it has {string.Join(", ", datasets.Keys)})", "");
        if (policy.StatsEpsilon > 0)
            return (ResultStatus.Refused, $"this site adds noise (stats_epsilon {policy.StatsEpsilon:G3}) to everything it releases, " +
                "and knowledge-base counts are released under a minimum count only", "");
        DdxPlusRelease release;
        try
        {
            if (!File.Exists(path)) throw new CasesException("it is not a patients CSV file");
            // The release that gives the records' codes their meaning sits beside them, as DDXPlus ships it.
            release = DdxPlusRelease.Read(Path.GetDirectoryName(Path.GetFullPath(path))!);
        }
        catch (CasesException e)
        {
            return (ResultStatus.Refused, $"dataset '{data}' cannot be counted as DDXPlus records: {e.Message}", "");
        }
        try
        {
            var k = StatisticsQueryHandler.ToPolicy(policy).MinCellCount;
            var counts = DdxPlusCounts.Of(release, DdxPlusPatients.Read(path));
            var released = counts.Guarded(release, k);
            log($"counts query {task.JobId}: {released.Total} of {counts.Total} patients' pathologies released from '{data}', " +
                $"{released.Withheld} group(s) of counts withheld under {k}");
            return (ResultStatus.Ok, "", DdxPlusCountsDocument.From(release, released).ToJson());
        }
        catch (CasesException e)
        {
            // A reading error names a row and its value: that stays in the site's own log.
            log($"counts query {task.JobId}: dataset '{data}' could not be counted: {e.Message}");
            return (ResultStatus.Refused, $"dataset '{data}' has a record this site could not count (the site's log says which)", "");
        }
    }
}
