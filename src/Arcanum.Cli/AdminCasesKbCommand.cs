using System.CommandLine;
using System.Text.Json.Nodes;
using Arcanum.Cases.DdxPlus;
using Arcanum.Cases.Knowledge;
using Arcanum.Network.Protocol;
using Spectre.Console;

namespace Arcanum.Cli;

/// <summary>
/// <c>arcanum admin cases-kb</c>: a knowledge base whose frequencies come from every hospital's records without moving
/// one. Each online site holding the dataset counts its own DDXPlus-format patients and releases the counts under its own
/// minimum count; the server adds up what they released; this command maps the total onto the admin's copy of the
/// DDXPlus release and writes the knowledge base, as <c>arcanum cases kb</c> does from patients in hand.
/// </summary>
internal static class AdminCasesKbCommand
{
    public static Command Create(Option<string> kit, IAnsiConsole console, TextWriter error)
    {
        var data = new Option<string>("--data")
        {
            Description = "The dataset: the NAME the sites map with --data NAME=patients.csv (a DDXPlus-format CSV with the release files beside it).",
            Required = true,
        };
        var ddxplus = new Option<DirectoryInfo>("--ddxplus")
        {
            Description = "The admin's copy of the DDXPlus release: a folder with release_conditions.json and release_evidences.json.",
            Required = true,
        };
        var output = new Option<FileInfo>("--out") { Description = "The knowledge-base JSON to write.", Required = true };
        var timeout = AdminCommand.QueryTimeout();
        var command = new Command("cases-kb",
            "Build a knowledge base (as `cases kb` does) from counts every online site releases under its own minimum count; no record moves.")
        {
            data, ddxplus, output, timeout,
        };
        command.SetAction((parse, ct) => AdminCommand.Call(parse.GetValue(kit)!, error, async admin =>
        {
            // The release is read first: a wrong folder is an error before any site is asked.
            var release = DdxPlusRelease.Read(parse.GetValue(ddxplus)!.FullName);
            var name = parse.GetValue(data)!;
            var seconds = AdminCommand.QuerySeconds(parse, timeout);
            var query = new JsonObject { ["data"] = name, ["format"] = "ddxplus" };
            var reply = await admin.QueryCountsAsync(new QueryCountsRequest { QueryJson = query.ToJsonString(), TimeoutS = seconds },
                deadline: DateTime.UtcNow.AddSeconds(seconds + 30), cancellationToken: ct);
            var report = JsonNode.Parse(reply.ReportJson)!;
            var sites = report["sites"]!.AsArray().Select(s => s!["site"]!.GetValue<string>()).ToList();
            var counts = DdxPlusCountsDocument.Parse(report["counts"]!.ToJsonString()).ToCounts(release);
            foreach (var r in reply.Refusals)
                console.MarkupLine($"[yellow]{Markup.Escape(r.Site)} did not answer: {Markup.Escape(r.Reason)}[/]");
            var from = $"dataset '{name}' counted at {sites.Count} site(s) over the network ({string.Join(", ", sites)}), " +
                       "each withholding counts under its own minimum count";
            var kb = DdxPlusKnowledgeBuilder.Build(release, counts, from, heldOut: 0);
            var path = parse.GetValue(output)!.FullName;
            KnowledgeBaseFile.Write(kb, path);
            console.MarkupLine(Markup.Escape($"{sites.Count} site(s) ({string.Join(", ", sites)}) released the counts of {counts.Total:N0} patients' pathologies; " +
                $"{counts.Withheld} group(s) of counts withheld under the sites' minimum counts."));
            console.MarkupLine(Markup.Escape($"Knowledge base: {kb.Diseases.Count} diseases, {kb.Findings.Count} findings, " +
                $"{kb.Diseases.Sum(d => d.Findings.Count)} disease-finding links, into {path}"));
            return ExitCodes.Success;
        }));
        return command;
    }
}
