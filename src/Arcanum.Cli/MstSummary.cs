using System.Globalization;
using Arcanum.Synthesis.Marginal;
using Arcanum.Synthesis.Schema;
using Spectre.Console;

namespace Arcanum.Cli;

/// <summary>
/// What <c>synth fit --model mst</c> or <c>--model aim</c> prints after fitting: the budget's split, the measured
/// marginals, and what is not covered. AIM's rounds are summed into one row per mechanism, since there can be dozens.
/// </summary>
internal static class MstSummary
{
    public static void Print(IAnsiConsole console, MstSynthesizer model) =>
        Print(console, model.Ledger, model.Schema, model.Sources, model.LevelsReadFromData,
            $"Measured pairs (the tree): {string.Join(", ", model.Pairs.Select(p => $"{p.First}–{p.Second}"))}.");

    public static void Print(IAnsiConsole console, AimSynthesizer model) =>
        Print(console, model.Ledger, model.Schema, model.Sources, model.LevelsReadFromData, Invariant(
            $"{model.Rounds} rounds; measured marginals (the model's cliques, {model.ModelCells:N0} junction-tree cells): {(model.Marginals.Count == 0 ? "none beyond single columns" : string.Join(", ", model.Marginals.Select(m => string.Join("×", m))))}."));

    private static void Print(IAnsiConsole console, PrivacyLedger ledger, TableSchema schema, IReadOnlyList<string> sources, IReadOnlyList<string> levelsRead, string measured)
    {
        console.MarkupLine(Invariant($"Privacy spent: [bold]epsilon {ledger.Epsilon:0.###}[/] at delta {ledger.Delta:G3} (zCDP rho {ledger.Spent:0.#####} of {ledger.Rho:0.#####}; one added or removed row):"));
        var table = new Table().AddColumn("step").AddColumn("mechanism").AddColumn(new TableColumn("share of rho").RightAligned()).AddColumn("scale");
        foreach (var (step, mechanism, rho, scale) in Rows(ledger.Spends))
            table.AddRow(Markup.Escape(step), Markup.Escape(mechanism), Invariant($"{100 * rho / ledger.Rho:0.0}%"), scale);
        console.Write(table);
        console.MarkupLine(Markup.Escape(measured));
        if (levelsRead.Count > 0)
            console.MarkupLine($"[yellow]Levels of {Markup.Escape(string.Join(", ", levelsRead))} were read from the data: differential privacy does not cover which levels exist (a level only one patient has would show). List them in --domain to make them public.[/]");
        var guessed = schema.Learned.Where((c, i) => sources[i].Contains("no clear signal", StringComparison.Ordinal)).Select(c => c.Name).ToArray();
        if (guessed.Length > 0)
            console.MarkupLine($"[yellow]The private range of {Markup.Escape(string.Join(", ", guessed))} found no clear signal at this budget, so its bounds are a guess and its synthetic values will be poor. Give public bounds in --domain.[/]");
        console.MarkupLine("What is public and what each step spent is in synthesizer.json (parameters.privacy).");
    }

    /// <summary>One row per spend, except AIM's rounds ("round N: choose/measure"), which are summed per mechanism with their range of scales.</summary>
    private static IEnumerable<(string Step, string Mechanism, double Rho, string Scale)> Rows(IReadOnlyList<PrivacySpend> spends)
    {
        foreach (var spend in spends.Where(s => !s.Step.StartsWith("round ", StringComparison.Ordinal)))
            yield return (spend.Step, spend.Mechanism, spend.Rho, Scale(spend.Mechanism, spend.Scale, spend.Scale));
        foreach (var group in spends.Where(s => s.Step.StartsWith("round ", StringComparison.Ordinal)).GroupBy(s => s.Mechanism))
        {
            var what = group.Key.StartsWith("exponential", StringComparison.Ordinal) ? "choose a marginal" : "measure it";
            yield return (Invariant($"{group.Count()} rounds: {what}"), group.Key, group.Sum(s => s.Rho), Scale(group.Key, group.Min(s => s.Scale), group.Max(s => s.Scale)));
        }
    }

    private static string Scale(string mechanism, double low, double high)
    {
        var exponential = mechanism.StartsWith("exponential", StringComparison.Ordinal);
        var format = exponential ? "0.####" : "0.##";
        var range = low == high ? low.ToString(format, CultureInfo.InvariantCulture) : Invariant($"{low.ToString(format, CultureInfo.InvariantCulture)}-{high.ToString(format, CultureInfo.InvariantCulture)}");
        return exponential ? $"epsilon {range} each" : $"sigma {range}";
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
