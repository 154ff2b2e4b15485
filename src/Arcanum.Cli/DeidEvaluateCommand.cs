using System.CommandLine;
using System.Globalization;
using Arcanum.Deid;
using Arcanum.Deid.Evaluation;
using Spectre.Console;

namespace Arcanum.Cli;

/// <summary>
/// <c>arcanum deid evaluate</c>: scores a de-identifier's spans.jsonl against gold spans. Recall comes first
/// (a missed identifier is a leak, an extra redaction only costs readability), so it prints recall per category
/// and per type under lenient (overlap, any type), exact and exact-typed matching, and character-level recall.
/// Output holds counts and file names, never text.
/// </summary>
internal static class DeidEvaluateCommand
{
    public static Command Create(IAnsiConsole console, TextWriter error)
    {
        var gold = new Option<FileInfo>("--gold") { Description = "The gold spans.jsonl.", Required = true };
        var predicted = new Option<FileInfo>("--predicted")
        {
            Description = "The de-identifier's spans.jsonl (same file names and character offsets as the gold).",
            Required = true,
        };
        var json = new Option<FileInfo?>("--json") { Description = "Also write every figure, with counts, as JSON." };
        var command = new Command("evaluate", "Score predicted PHI spans against gold spans: recall, precision and "
            + "F1 overall, per category and per type, lenient and exact, plus character-level recall.")
        {
            gold, predicted, json,
        };
        command.SetAction(parse => CommandRunner.Run(error, () =>
        {
            var goldPath = parse.GetValue(gold)!.FullName;
            var predictedPath = parse.GetValue(predicted)!.FullName;
            var result = DeidEvaluator.Evaluate(SpansJsonl.Read(goldPath).ToList(),
                SpansJsonl.Read(predictedPath).ToList());
            Write(console, result);
            if (parse.GetValue(json) is { } jsonFile)
            {
                File.WriteAllText(jsonFile.FullName, EvaluationJson.Format(result));
                console.MarkupLine($"Wrote {Markup.Escape(jsonFile.FullName)}.");
            }
        }, e => e is DeidInputException));
        return command;
    }

    private static void Write(IAnsiConsole console, EvaluationResult result)
    {
        var table = new Table().Title("PHI spans: R recall, P precision; lenient = any overlap, any type")
            .AddColumn("");
        foreach (var heading in new[] { "gold", "predicted", "lenient R", "lenient P", "lenient F1", "exact R",
                     "exact P", "exact F1", "typed R", "typed P", "typed F1", "char R" })
            table.AddColumn(new TableColumn(heading).RightAligned());
        Row(table, "[bold]overall[/]", result, r => r.Overall, c => c.Overall);
        foreach (var category in Enum.GetValues<PhiCategory>())
            Row(table, category.ToString().ToLowerInvariant(), result, r => r.ByCategory[category],
                c => c.ByCategory[category]);
        foreach (var type in PhiTypes.All.Where(t => result.Lenient.ByType[t] is { Gold: > 0 } or { Predicted: > 0 }))
            Row(table, "  " + PhiTypes.ToName(type), result, r => r.ByType[type], c => c.ByType[type]);
        console.Write(table);
        console.MarkupLine($"{result.GoldDocuments} gold document(s). Per-type recall uses the gold type, "
            + "precision the predicted type.");
        if (result.UnpredictedDocuments.Count > 0)
            console.MarkupLine($"[yellow]{result.UnpredictedDocuments.Count} gold document(s) have no predicted span "
                + $"(skipped, or nothing found); their spans count as missed, e.g. "
                + $"{Markup.Escape(string.Join(", ", result.UnpredictedDocuments.Take(3)))}.[/]");
        if (result.UnknownDocuments.Count > 0)
            console.MarkupLine($"[yellow]{result.UnknownDocuments.Count} predicted document(s) are not in the gold; "
                + "their spans count as false positives (do the file names line up?), e.g. "
                + $"{Markup.Escape(string.Join(", ", result.UnknownDocuments.Take(3)))}.[/]");
    }

    private static void Row(Table table, string label, EvaluationResult result, Func<Breakdown<Score>, Score> pick,
        Func<Breakdown<CharacterCoverage>, CharacterCoverage> characters)
    {
        var (lenient, exact, typed) = (pick(result.Lenient), pick(result.Exact), pick(result.ExactTyped));
        table.AddRow(label, Count(lenient.Gold), Count(lenient.Predicted), F(lenient.Recall), F(lenient.Precision),
            F(lenient.F1), F(exact.Recall), F(exact.Precision), F(exact.F1), F(typed.Recall), F(typed.Precision),
            F(typed.F1), F(characters(result.Characters).Recall));
    }

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string F(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "-";
}
