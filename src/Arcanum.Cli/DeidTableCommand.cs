using System.CommandLine;
using System.Globalization;
using Arcanum.Data;
using Arcanum.Deid;
using Arcanum.Deid.Tables;
using Arcanum.Deid.Text;
using Arcanum.Risk;
using Spectre.Console;

namespace Arcanum.Cli;

/// <summary>
/// <c>arcanum deid table</c>: de-identifies a CSV table as a YAML policy says, writing report.html and
/// deid-summary.json beside it; or, with --suggest, writes a starting policy. Prints counts and names, never a value.
/// </summary>
internal static class DeidTableCommand
{
    public static Command Create(IAnsiConsole console, TextWriter error)
    {
        var input = new Option<FileInfo>("--in") { Description = "The table: a CSV file with a header (, ; tab or |).",
            Required = true };
        var policy = new Option<FileInfo?>("--policy") { Description = "The YAML policy naming every column's "
            + "treatment (make one with --suggest)." };
        var output = new Option<FileInfo>("--out") { Description = "The de-identified CSV (report.html and "
            + "deid-summary.json are written beside it); with --suggest, the policy to write.", Required = true };
        var keyFile = new Option<FileInfo?>("--key-file") { Description = "The project key (at least 16 random "
            + "bytes): needed for pseudonyms and date shifts." };
        var suggest = new Option<bool>("--suggest") { Description = "Write a starting policy for --in to --out "
            + "instead, from its column names and values." };
        var command = new Command("table", "De-identify a CSV table with a YAML policy (drop, pseudonym, zip3, age, "
            + "date year/shift, text, keep) and report re-identification risk before and after.")
        {
            input, policy, output, keyFile, suggest,
        };
        command.SetAction(parse => Run(error, () =>
        {
            var inPath = parse.GetValue(input)!.FullName;
            var outPath = parse.GetValue(output)!.FullName;
            if (parse.GetValue(suggest))
            {
                if (parse.GetValue(policy) is not null || parse.GetValue(keyFile) is not null)
                    throw new DeidInputException("--suggest writes a policy; give it only --in and --out.");
                Suggest(console, inPath, outPath);
                return;
            }
            var policyFile = parse.GetValue(policy)
                ?? throw new DeidInputException("Give --policy policy.yml (or --suggest to write one).");
            var rules = TablePolicyReader.Read(policyFile.FullName);
            var key = parse.GetValue(keyFile) is { } k ? ProjectKey.Read(k.FullName) : null;
            var text = rules.Needs(Treatment.Text) ? FreeText() : null;
            var result = new TableDeidentifier(rules, key, text).Run(inPath, outPath);
            Summarise(console, result, outPath);
        }));
        return command;
    }

    /// <summary>
    /// The free-text de-identifier for text columns: the one <c>deid text</c> uses, redacting (<c>[NAME]</c>,
    /// <c>[DATE]</c>, ...), so a cell never holds a stand-in a reader could take for a real person.
    /// </summary>
    private static IFreeTextDeidentifier FreeText() => new TextDeidentifier(TextDeidMode.Redact);

    private static void Suggest(IAnsiConsole console, string input, string output)
    {
        if (string.Equals(input, output, StringComparison.Ordinal))
            throw new DeidInputException("The policy would overwrite the input; choose another --out.");
        var (columns, patient) = PolicySuggester.Suggest(input);
        var temporary = output + ".tmp";
        try
        {
            File.WriteAllText(temporary, PolicyYamlWriter.Write(input, columns, patient));
            File.Move(temporary, output, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
        var table = new Table().AddColumns("column", "suggested", "quasi-identifier");
        foreach (var (p, _) in columns)
            table.AddRow(Markup.Escape(p.Name), Markup.Escape(p.Describe()), p.QuasiIdentifier ? "yes" : "");
        console.Write(table);
        console.MarkupLine($"Wrote {Markup.Escape(output)}: review every line, then run "
            + $"[bold]arcanum deid table --in ... --policy {Markup.Escape(Path.GetFileName(output))} --out ...[/]");
    }

    private static void Summarise(IAnsiConsole console, TableDeidResult result, string output)
    {
        var table = new Table().AddColumns("column", "treatment", "values", "changed", "detail");
        foreach (var c in result.Columns)
            table.AddRow(Markup.Escape(c.Column), Markup.Escape(c.Treatment), F($"{c.Present:N0}"),
                F($"{c.Changed:N0}"), Markup.Escape(c.Detail));
        console.Write(table);
        console.MarkupLine(Markup.Escape(F($"De-identified {result.Records:N0} records into {output}.")));
        if (result.RiskBefore is { } before)
            console.MarkupLine(Markup.Escape(F($"Risk before: k = {before.K}, ")
                + F($"highest {before.Prosecutor.Highest:0.###}, average {before.Prosecutor.Average:0.####}.")));
        if (result.RiskAfter is { } after)
            console.MarkupLine(Markup.Escape(F($"Risk after:  k = {after.K}, ")
                + F($"highest {after.Prosecutor.Highest:0.###}, average {after.Prosecutor.Average:0.####}. ")
                + after.Verdict.Summary));
        else if (result.RiskNote is { } note)
            console.MarkupLine($"[yellow]Risk after not measured: {Markup.Escape(note)}[/]");
        var folder = Path.GetDirectoryName(output)!;
        console.MarkupLine($"Report: {Markup.Escape(Path.Combine(folder, TableDeidentifier.ReportFile))}");
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static int Run(TextWriter error, Action action) => CommandRunner.Run(error, action,
        e => e is DeidInputException or RiskInputException or DataFormatException);
}
