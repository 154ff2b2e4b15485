using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Arcanum.Federated.Engine;
using Arcanum.Federated.Statistics;
using Arcanum.Network.Protocol;
using Arcanum.Network.Transport;

namespace Arcanum.Network.Server;

/// <summary>
/// One admin statistics query: a QUERY_STATISTICS task to every online site holding the dataset, an
/// event-driven wait (<see cref="TaskExchange"/>) until each has answered, refused, gone or passed the
/// deadline, then the report from what the sites released (<see cref="ReleasedGlobal"/>).
/// </summary>
internal static class StatisticsQueryRun
{
    /// <exception cref="StatisticsException">No online site holds the dataset, or none answered (with why).</exception>
    public static async Task<QueryStatisticsReply> RunAsync(
        ServerContext server, string data, StatisticsQuery query, TimeSpan timeout, CancellationToken ct)
    {
        var sites = server.Registry.OnlineWith(data);
        if (sites.Count == 0)
            throw new StatisticsException($"No online site holds dataset '{data}'. `arcanum admin sites` lists the " +
                "sites and their datasets (the NAME each maps with --data NAME=FILE.csv).");
        var suffix = RandomNumberGenerator.GetHexString(6, lowercase: true);
        var id = string.Create(CultureInfo.InvariantCulture,
            $"stats-{server.Clock.GetUtcNow():yyyyMMdd-HHmmss}-{suffix}");
        var setup = StatisticsQueryJson.Serialize(data, query);
        var deadline = server.Clock.GetUtcNow() + timeout;
        var answers = new ConcurrentDictionary<string, StatisticsAnswer>(StringComparer.Ordinal);
        var tasks = sites.Select(site => new IssuedTask(site, new Protocol.Task
        {
            TaskId = Guid.NewGuid().ToString("N"),
            JobId = id,
            Kind = TaskKind.QueryStatistics,
            SetupJson = setup,
            DeadlineUnixMs = deadline.ToUnixTimeMilliseconds(),
        }, null, (outcome, _, _) =>
        {
            answers[site] = Check(StatisticsAnswer.Parse(outcome.Document), site, query);
            return System.Threading.Tasks.Task.CompletedTask;
        })).ToList();

        IReadOnlyDictionary<string, TaskOutcome> outcomes;
        foreach (var t in tasks) server.Board.Issue(t);
        try
        {
            outcomes = await TaskExchange.WaitAsync(tasks, server.Registry, server.Clock, TimeSpan.Zero,
                $"no answer within {timeout.TotalSeconds:0} s", ct).ConfigureAwait(false);
        }
        finally
        {
            foreach (var t in tasks) t.TryClose("the statistics query is over");
            _ = ForgetLaterAsync(server, tasks);
        }

        var reply = new QueryStatisticsReply();
        reply.Refusals.AddRange(sites.Where(s => !outcomes[s].Ok)
            .Select(s => new StatisticsRefusal { Site = s, Reason = outcomes[s].Message }));
        var answered = sites.Where(s => outcomes[s].Ok && answers.ContainsKey(s))
            .Select(s => (answers[s].Sums, answers[s].Table)).ToList();
        if (answered.Count == 0)
            throw new StatisticsException("No site answered the query: " +
                string.Join("; ", reply.Refusals.Select(r => $"{r.Site}: {r.Reason}")));
        reply.ReportJson = StatisticsJson.Serialize(ReleasedGlobal.Report(answered, query));
        return reply;
    }

    /// <summary>An answer must be the answering site's own and fit the query; throwing rejects it.</summary>
    private static StatisticsAnswer Check(StatisticsAnswer answer, string site, StatisticsQuery query)
    {
        if (answer.Table.Source != site)
            throw new FormatException($"$.table.source: the answer is labelled '{answer.Table.Source}', not '{site}'.");
        answer.CheckAgainst(query);
        return answer;
    }

    /// <summary>Closed tasks stay known for a while so heartbeats can tell their sites to stop; then they go.</summary>
    private static async System.Threading.Tasks.Task ForgetLaterAsync(
        ServerContext server, IReadOnlyList<IssuedTask> tasks)
    {
        var linger = server.Registry.HeartbeatTimeout * 2;
        await System.Threading.Tasks.Task.Delay(linger, server.Clock).ConfigureAwait(false);
        server.Board.Remove(tasks);
    }
}
