using Arcanum.Data;
using Arcanum.Federated.Statistics;
using Arcanum.Network.Protocol;
using Arcanum.Network.Tests.Support;
using Grpc.Core;
using Task = System.Threading.Tasks.Task;

namespace Arcanum.Network.Tests;

/// <summary>`admin stats` end to end: real site agents in-process against the real server, over mutual TLS.</summary>
[Collection("processes")]
public sealed class AdminStatisticsTests
{
    private static readonly string[] Sites = ["hospital-a", "hospital-b"];

    /// <summary>Age and body mass by diabetes on two bins; ages 20:80 leave one site's "pos" group a bin below 10.</summary>
    private static StatisticsQuery Query(IReadOnlyList<string>? levels = null, double oldest = 80) => new(
        ["age", "mass"],
        new Dictionary<string, ValueRange> { ["age"] = new(20, oldest), ["mass"] = new(0, 70) },
        "diabetes", levels, Bins: 2);

    private static Task<QueryStatisticsReply> Ask(InProcessServer server, StatisticsQuery query, string data = "pima") =>
        server.AdminClient().QueryStatisticsAsync(new QueryStatisticsRequest
        {
            QueryJson = StatisticsQueryJson.Serialize(data, query), TimeoutS = 30,
        }).ResponseAsync;

    [Fact]
    public async Task QueryStatistics_TwoSites_SiteAndGlobalTablesEqualTheSimulators()
    {
        // Given two sites with their share of Pima, and a query whose every cell is well above 10
        await using var server = await InProcessServer.StartAsync();
        server.WritePimaSites(Sites);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var running = Sites.Select(s => Task.Run(() => server.Agent(s).RunAsync(stop.Token))).ToList();
        await server.WaitForOnlineSitesAsync(2, stop.Token);

        // When the admin asks
        var reply = await Ask(server, Query(oldest: 60));

        // Then the report is the one the simulator computes from the same site tables, to the last digit
        var tables = Sites.Select(s => (s, CsvTableReader.Read(server.SiteCsv(s)))).ToList();
        var simulated = SimulatedStatistics.Run(tables, Query(oldest: 60), new Federated.Statistics.SitePolicy(), seed: 1);
        Assert.DoesNotContain("withheld", reply.ReportJson, StringComparison.Ordinal);
        Assert.Empty(reply.Refusals);
        Assert.Equal(StatisticsJson.Serialize(simulated), reply.ReportJson);
        var global = StatisticsJsonReader.Report(reply.ReportJson).Global;
        Assert.Equal(768, global.Rows.Where(r => r.Column == "age").Sum(r => r.Rows.Value));

        // And a column no site has is refused by every site, and the admin hears why in one error
        var misspelt = new StatisticsQuery(["agee"], new Dictionary<string, ValueRange> { ["agee"] = new(0, 100) });
        var bad = await Assert.ThrowsAsync<RpcException>(() => Ask(server, misspelt));
        Assert.Equal(StatusCode.FailedPrecondition, bad.StatusCode);
        Assert.Contains("Did you mean 'age'?", bad.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("hospital-b", bad.Status.Detail, StringComparison.Ordinal);

        // And a dataset no site holds is a clear error before any task goes out
        var unknown = await Assert.ThrowsAsync<RpcException>(() => Ask(server, Query(), data: "pbc3"));
        Assert.Equal(StatusCode.FailedPrecondition, unknown.StatusCode);
        Assert.Contains("No online site holds dataset 'pbc3'", unknown.Status.Detail, StringComparison.Ordinal);
        await stop.CancelAsync();
        await Task.WhenAll(running);
    }

    [Fact]
    public async Task QueryStatistics_SiteWithAStricterMinimumCount_WithholdsMoreAndTheServerNeverGetsTheShare()
    {
        // Given hospital-b releases no cell below 200 (its "pos" group has fewer rows), hospital-a the default 10
        await using var server = await InProcessServer.StartAsync();
        server.WritePimaSites(Sites);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var strict = new Protocol.SitePolicy { StatsMinCount = 200 };
        var running = Sites.Select(s => server.Agent(s, s == "hospital-b" ? strict : null))
            .Select(a => Task.Run(() => a.RunAsync(stop.Token))).ToList();
        await server.WaitForOnlineSitesAsync(2, stop.Token);

        // When the admin asks
        var report = StatisticsJsonReader.Report((await Ask(server, Query())).ReportJson);

        // Then hospital-b withheld its "pos" group where hospital-a released it, and the global "pos" row is
        // withheld, with a note, because hospital-b's share never reached the server
        StatisticsRow Row(StatisticsTable t) => t.Rows.Single(r => r.Group == "pos" && r.Column == "age");
        var a = report.Sites.Single(t => t.Source == "hospital-a");
        var b = report.Sites.Single(t => t.Source == "hospital-b");
        Assert.Equal(200, b.MinCellCount);
        Assert.True(Row(a).Rows.IsReleased && Row(a).Mean.IsReleased);
        Assert.Equal(CellStatus.Withheld, Row(b).Rows.Status);
        Assert.Equal(CellStatus.Withheld, Row(report.Global).Mean.Status);
        Assert.Equal(200, report.Global.MinCellCount);
        Assert.Contains(report.Global.Notes, n => n.Contains("'age' in group 'pos'", StringComparison.Ordinal)
                                                   && n.Contains("never receives", StringComparison.Ordinal));
        Assert.True(a.Rows.Count(r => !r.Mean.IsReleased) < b.Rows.Count(r => !r.Mean.IsReleased));
        await stop.CancelAsync();
        await Task.WhenAll(running);
    }

    [Fact]
    public async Task QueryStatistics_SiteWithEpsilon_SpendsItsBudgetThenRefusesEvenAfterARestart()
    {
        // Given hospital-a adds noise of epsilon 1 per query within a total of 2, keeping its ledger on disk
        await using var server = await InProcessServer.StartAsync();
        server.WritePimaSites(Sites);
        using var stopAll = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var stopA = CancellationTokenSource.CreateLinkedTokenSource(stopAll.Token);
        var noisy = new Protocol.SitePolicy { StatsEpsilon = 1, StatsEpsilonBudget = 2 };
        var workspace = server.Dir.Sub("hospital-a-workspace");
        var a = Task.Run(() => server.Agent("hospital-a", noisy, workspace: workspace).RunAsync(stopA.Token));
        var b = Task.Run(() => server.Agent("hospital-b").RunAsync(stopAll.Token));
        await server.WaitForOnlineSitesAsync(2, stopAll.Token);
        var query = Query(["neg", "pos"]);

        // When the admin asks three times
        var first = await Ask(server, query);
        var second = await Ask(server, query);
        var third = await Ask(server, query);

        // Then the first two spend 1 each, and the third is refused by hospital-a (hospital-b still answers)
        var spent = StatisticsJsonReader.Report(first.ReportJson).Sites.Single(t => t.Source == "hospital-a");
        Assert.Equal(1, spent.EpsilonSpent);
        Assert.Empty(second.Refusals);
        var refusal = Assert.Single(third.Refusals);
        Assert.Equal("hospital-a", refusal.Site);
        Assert.Contains("past the site's budget of ε = 2", refusal.Reason, StringComparison.Ordinal);
        Assert.Equal(["hospital-b"], StatisticsJsonReader.Report(third.ReportJson).Sites.Select(t => t.Source));

        // And after hospital-a restarts, it still refuses: the spend was on disk
        await stopA.CancelAsync();
        await a;
        var restarted = Task.Run(() => server.Agent("hospital-a", noisy, workspace: workspace).RunAsync(stopAll.Token));
        var fourth = await Ask(server, query);
        Assert.Contains(fourth.Refusals, r => r.Site == "hospital-a" && r.Reason.Contains("budget", StringComparison.Ordinal));
        await stopAll.CancelAsync();
        await Task.WhenAll(b, restarted);
    }
}
