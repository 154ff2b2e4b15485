using System.Globalization;
using Arcanum.Synthesis.Marginal;
using Spectre.Console;

namespace Arcanum.Cli;

/// <summary>What <c>synth fit --model mst</c> prints after fitting: the budget's split, the pairs, and what is not covered.</summary>
internal static class MstSummary
{
    public static void Print(IAnsiConsole console, MstSynthesizer model)
    {
        var ledger = model.Ledger;
        console.MarkupLine(Invariant($"Privacy spent: [bold]epsilon {ledger.Epsilon:0.###}[/] at delta {ledger.Delta:G3} (zCDP rho {ledger.Spent:0.#####} of {ledger.Rho:0.#####}; one added or removed row):"));
        var table = new Table().AddColumn("step").AddColumn("mechanism").AddColumn(new TableColumn("share of rho").RightAligned()).AddColumn("scale");
        foreach (var spend in ledger.Spends)
        {
            var scale = spend.Mechanism.StartsWith("exponential", StringComparison.Ordinal) ? Invariant($"epsilon {spend.Scale:0.####} each") : Invariant($"sigma {spend.Scale:0.##}");
            table.AddRow(Markup.Escape(spend.Step), Markup.Escape(spend.Mechanism), Invariant($"{100 * spend.Rho / ledger.Rho:0.0}%"), scale);
        }
        console.Write(table);
        console.MarkupLine($"Measured pairs (the tree): {Markup.Escape(string.Join(", ", model.Pairs.Select(p => $"{p.First}–{p.Second}")))}.");
        var read = model.LevelsReadFromData;
        if (read.Count > 0)
            console.MarkupLine($"[yellow]Levels of {Markup.Escape(string.Join(", ", read))} were read from the data: differential privacy does not cover which levels exist (a level only one patient has would show). List them in --domain to make them public.[/]");
        var guessed = model.Schema.Learned.Where((c, i) => model.Sources[i].Contains("no clear signal", StringComparison.Ordinal)).Select(c => c.Name).ToArray();
        if (guessed.Length > 0)
            console.MarkupLine($"[yellow]The private range of {Markup.Escape(string.Join(", ", guessed))} found no clear signal at this budget, so its bounds are a guess and its synthetic values will be poor. Give public bounds in --domain.[/]");
        console.MarkupLine("What is public and what each step spent is in synthesizer.json (parameters.privacy).");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
