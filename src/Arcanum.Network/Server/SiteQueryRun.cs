using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Arcanum.Cases.DdxPlus;
using Arcanum.Federated.Engine;
using Arcanum.Federated.Statistics;
using Arcanum.Network.Protocol;
using Arcanum.Network.Transport;

namespace Arcanum.Network.Server;

/// <summary>
/// One admin query outside any job (statistics, knowledge-base counts): a task of its kind to every online site
/// holding the dataset, an event-driven wait (<see cref="TaskExchange"/>) until each has answered, refused, gone or
/// passed the deadline, then what each site that answered released, and why the others did not.
/// </summary>
internal static class SiteQueryRun
{
    /// <summary>What the sites said: each answer that counted, by site, and the sites that did not answer with why.</summary>
    public sealed record Answers<T>(IReadOnlyList<(string Site, T Answer)> Answered, IReadOnlyList<StatisticsRefusal> Refusals);

    /// <param name="server">The server.</param>
    /// <param name="data">The dataset the sites must hold.</param>
    /// <param name="kind">The task kind.</param>
    /// <param name="prefix">The query id's prefix ("stats", "counts").</param>
    /// <param name="setupJson">The query, as Task.setup_json.</param>
    /// <param name="read">Reads and checks one site's answer document; throwing rejects it (the site hears why).</param>
    /// <param name="timeout">How long the sites get.</param>
    /// <param name="ct">Stops the wait.</param>
    /// <exception cref="StatisticsException">No online site holds the dataset, or none answered (with why).</exception>
    public static async Task<Answers<T>> RunAsync<T>(ServerContext server, string data, TaskKind kind, string prefix, string setupJson,
        Func<string, string, T> read, TimeSpan timeout, CancellationToken ct)
    {
        var sites = server.Registry.OnlineWith(data);
        if (sites.Count == 0)
            throw new StatisticsException($"No online site holds dataset '{data}'. `arcanum admin sites` lists the " +
                "sites and their datasets (the NAME each maps with --data NAME=FILE.csv).");
        var suffix = RandomNumberGenerator.GetHexString(6, lowercase: true);
        var id = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{server.Clock.GetUtcNow():yyyyMMdd-HHmmss}-{suffix}");
        var deadline = server.Clock.GetUtcNow() + timeout;
        var answers = new ConcurrentDictionary<string, T>(StringComparer.Ordinal);
        var tasks = sites.Select(site => new IssuedTask(site, new Protocol.Task
        {
            TaskId = Guid.NewGuid().ToString("N"),
            JobId = id,
            Kind = kind,
            SetupJson = setupJson,
            DeadlineUnixMs = deadline.ToUnixTimeMilliseconds(),
        }, null, (outcome, _, _) =>
        {
            answers[site] = read(outcome.Document, site);
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
            foreach (var t in tasks) t.TryClose("the query is over");
            _ = ForgetLaterAsync(server, tasks);
        }

        var refusals = sites.Where(s => !outcomes[s].Ok).Select(s => new StatisticsRefusal { Site = s, Reason = outcomes[s].Message }).ToList();
        var answered = sites.Where(s => outcomes[s].Ok && answers.ContainsKey(s)).Select(s => (s, answers[s])).ToList();
        if (answered.Count == 0)
            throw new StatisticsException("No site answered the query: " + string.Join("; ", refusals.Select(r => $"{r.Site}: {r.Reason}")));
        return new Answers<T>(answered, refusals);
    }

    /// <summary>A statistics query: the report from what the sites released (<see cref="ReleasedGlobal"/>).</summary>
    public static async Task<QueryStatisticsReply> StatisticsAsync(ServerContext server, string data, StatisticsQuery query, TimeSpan timeout, CancellationToken ct)
    {
        var result = await RunAsync(server, data, TaskKind.QueryStatistics, "stats", StatisticsQueryJson.Serialize(data, query),
            (json, site) => CheckStatistics(StatisticsAnswer.Parse(json), site, query), timeout, ct).ConfigureAwait(false);
        var reply = new QueryStatisticsReply
        {
            ReportJson = StatisticsJson.Serialize(ReleasedGlobal.Report([.. result.Answered.Select(a => (a.Answer.Sums, a.Answer.Table))], query)),
        };
        reply.Refusals.AddRange(result.Refusals);
        return reply;
    }

    /// <summary>
    /// A knowledge-base counts query: the sites' released counts added up name by name (the server holds no release), with
    /// the sites that answered and how many groups each withheld (not each site's own patient total, which beside its row
    /// count from a statistics query would tell how many patients it withheld). Returns the reply and the sum.
    /// </summary>
    public static async Task<(QueryCountsReply Reply, DdxPlusCountsDocument Sum)> CountsAsync(ServerContext server, string data, string queryJson,
        TimeSpan timeout, CancellationToken ct)
    {
        var result = await RunAsync(server, data, TaskKind.QueryCounts, "counts", queryJson, (json, _) => ReadCounts(json), timeout, ct).ConfigureAwait(false);
        var sum = DdxPlusCountsDocument.Sum(result.Answered.Select(a => a.Answer));
        var report = new JsonObject
        {
            ["query"] = JsonNode.Parse(queryJson),
            ["sites"] = new JsonArray([.. result.Answered.Select(a => (JsonNode?)new JsonObject
            {
                ["site"] = a.Site, ["withheld"] = a.Answer.Withheld,
            })]),
            ["counts"] = JsonNode.Parse(sum.ToJson()),
        };
        var reply = new QueryCountsReply { ReportJson = report.ToJsonString() };
        reply.Refusals.AddRange(result.Refusals);
        return (reply, sum);
    }

    /// <summary>A site's counts document; a malformed one is rejected (the site hears why).</summary>
    private static DdxPlusCountsDocument ReadCounts(string json)
    {
        try
        {
            return DdxPlusCountsDocument.Parse(json);
        }
        catch (Cases.CasesException e)
        {
            throw new FormatException(e.Message, e);
        }
    }

    /// <summary>An answer must be the answering site's own and fit the query; throwing rejects it.</summary>
    private static StatisticsAnswer CheckStatistics(StatisticsAnswer answer, string site, StatisticsQuery query)
    {
        if (answer.Table.Source != site)
            throw new FormatException($"$.table.source: the answer is labelled '{answer.Table.Source}', not '{site}'.");
        answer.CheckAgainst(query);
        return answer;
    }

    /// <summary>Closed tasks stay known for a while so heartbeats can tell their sites to stop; then they go.</summary>
    private static async System.Threading.Tasks.Task ForgetLaterAsync(ServerContext server, IReadOnlyList<IssuedTask> tasks)
    {
        var linger = server.Registry.HeartbeatTimeout * 2;
        await System.Threading.Tasks.Task.Delay(linger, server.Clock).ConfigureAwait(false);
        server.Board.Remove(tasks);
    }
}
