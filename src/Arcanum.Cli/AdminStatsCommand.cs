using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Arcanum.Federated.Statistics;
using Arcanum.Network.Protocol;
using Spectre.Console;

namespace Arcanum.Cli;

/// <summary>
/// <c>arcanum admin stats</c>: federated descriptive statistics over the online sites holding a dataset.
/// Each site answers from its own rows under its own policy (minimum count, optional ε); the server
/// merges only what the sites released and guards the global table again.
/// </summary>
internal static class AdminStatsCommand
{
    public static Command Create(Option<string> kit, IAnsiConsole console, TextWriter error)
    {
        var data = new Option<string>("--data")
        {
            Description = "The dataset: the NAME the sites map with --data NAME=FILE.csv.",
            Required = true,
        };
        var stats = new StatisticsOptions();
        var timeout = AdminCommand.QueryTimeout();
        var output = new Option<string?>("--out") { Description = "Also write the report as JSON to this file." };
        var command = new Command("stats",
            "Counts, missing counts, means, variances, histograms and quantiles per site and global, computed " +
            "without moving rows; each site withholds small cells and may add noise under its own policy.")
        {
            data,
        };
        foreach (var option in stats.All.Append(timeout).Append(output)) command.Add(option);
        command.SetAction((parse, ct) => AdminCommand.Call(parse.GetValue(kit)!, error, async admin =>
        {
            var query = stats.Query(parse);
            query.Validate();   // the same checks the server makes, before the network
            var name = parse.GetValue(data)!;
            var seconds = AdminCommand.QuerySeconds(parse, timeout);
            var reply = await admin.QueryStatisticsAsync(
                new QueryStatisticsRequest
                {
                    QueryJson = StatisticsQueryJson.Serialize(name, query), TimeoutS = seconds,
                },
                deadline: DateTime.UtcNow.AddSeconds(seconds + 30), cancellationToken: ct);
            var report = StatisticsJsonReader.Report(reply.ReportJson);
            console.MarkupLine($"[bold]{Markup.Escape(name)}[/]: {report.Sites.Count} site(s) answered" +
                               (reply.Refusals.Count > 0 ? $", {reply.Refusals.Count} did not" : ""));
            foreach (var r in reply.Refusals)
                console.MarkupLine($"[yellow]{Markup.Escape(r.Site)} did not answer: {Markup.Escape(r.Reason)}[/]");
            console.Profile.Out.Writer.Write(StatisticsText.Render(report));
            if (parse.GetValue(output) is { } path)
            {
                var node = StatisticsJson.ToNode(report);
                node["refusals"] = new JsonArray([.. reply.Refusals.Select(r =>
                    (JsonNode?)new JsonObject { ["site"] = r.Site, ["reason"] = r.Reason })]);
                var indented = new JsonSerializerOptions { WriteIndented = true };
                await File.WriteAllTextAsync(path, node.ToJsonString(indented), ct);
                console.MarkupLine($"Wrote [bold]{Markup.Escape(path)}[/]");
            }
            return ExitCodes.Success;
        }));
        return command;
    }
}
