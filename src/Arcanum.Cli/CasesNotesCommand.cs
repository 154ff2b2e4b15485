using System.CommandLine;
using System.Globalization;
using Arcanum.Cases;
using Arcanum.Cases.Notes;
using Arcanum.Deid;
using Spectre.Console;

namespace Arcanum.Cli;

/// <summary>
/// <c>arcanum cases notes</c>: one synthetic clinical note per simulated case, with surrogate identifiers and their
/// gold spans, so labelled notes can train (<c>deid train</c>) and test (<c>deid evaluate</c>) the de-identifier.
/// Prints counts and paths, never note text.
/// </summary>
internal static class CasesNotesCommand
{
    public static Command Create(IAnsiConsole console, TextWriter error)
    {
        var cases = new Option<FileInfo>("--cases")
        {
            Description = "The cases CSV of cases simulate (columns case, age, sex, disease, evidences).",
            Required = true,
        };
        var kb = new Option<FileInfo>("--kb")
        {
            Description = "The knowledge base the cases were simulated from: its questions phrase the findings.",
            Required = true,
        };
        var output = new Option<string>("--out")
        {
            Description = $"A new or empty folder: case-ID.txt per case, {CaseNotesRun.GoldFile} (gold spans for deid "
                + $"train/evaluate) and {CaseNotesRun.ManifestFile}.",
            Required = true,
        };
        var seed = new Option<int>("--seed")
        {
            Description = "Random seed of surrogates, wording and order: the same seed and cases give the same notes.",
            DefaultValueFactory = _ => 1,
        };
        var limit = new Option<int?>("--limit")
        {
            Description = "Write notes for the first N cases only. [default: all]",
        };
        var force = new Option<bool>("--force") { Description = "Replace an earlier output of this command in --out." };
        var command = new Command("notes", "Write a synthetic clinical note per simulated case (history, assessment, "
            + "surrogate identifiers) with gold spans of the identifiers.")
        {
            cases, kb, output, seed, limit, force,
        };
        command.SetAction(parse => CommandRunner.Run(error, () =>
        {
            var options = new CaseNotesOptions
            {
                Cases = parse.GetValue(cases)!.FullName,
                KnowledgeBase = parse.GetValue(kb)!.FullName,
                Output = parse.GetValue(output)!,
                Seed = parse.GetValue(seed),
                Limit = parse.GetValue(limit),
                Force = parse.GetValue(force),
            };
            var summary = CaseNotesRun.Run(options, new ConsoleProgress(console, "cases notes"));
            var types = string.Join(", ", summary.Spans.OrderByDescending(s => s.Value)
                .Select(s => string.Create(CultureInfo.InvariantCulture, $"{PhiTypes.ToName(s.Key)} {s.Value:N0}")));
            var (rate, folder) = (summary.Notes / Math.Max(summary.Seconds, 1e-3), Path.GetFullPath(options.Output));
            console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"Wrote {summary.Notes:N0} notes ({summary.Characters:N0} characters, "
                + $"{summary.TotalSpans:N0} gold spans: {types}) in {summary.Seconds:0.0} s ({rate:N0} notes/s) "
                + $"into {folder}")));
        }, e => e is CasesException));
        return command;
    }
}
