using System.CommandLine;
using System.Globalization;
using Arcanum.Data;
using Arcanum.Risk;
using Arcanum.Risk.Reports;
using Spectre.Console;

namespace Arcanum.Cli;

/// <summary>
/// <c>arcanum risk</c>: how likely the records of a table release are to be re-identified through their
/// quasi-identifiers, written as risk.json and report.html and summarised on the terminal. Everything is measured
/// before anything is written, so a bad column or an empty table leaves --out untouched.
/// </summary>
internal static class RiskCommand
{
    public static readonly string[] Regions = ["usa"];

    public static Command Create(IAnsiConsole console, TextWriter error)
    {
        var input = new Option<FileInfo>("--in") { Description = "The table to be released: a CSV file (, ; tab or | separated, with a header).", Required = true };
        var qi = new Option<string>("--qi") { Description = "Comma-separated quasi-identifiers: the columns an attacker could know, e.g. age,sex,zip3.", Required = true };
        var sensitive = new Option<string?>("--sensitive") { Description = "Comma-separated sensitive columns to measure l-diversity and t-closeness of, e.g. diagnosis." };
        var size = new Option<long?>("--population-size") { Description = "People in the population the release was drawn from: estimates population uniqueness." };
        var region = new Option<string?>("--population") { Description = "A named population instead of --population-size: usa (330,000,000)." };
        region.AcceptOnlyFromAmong(Regions);
        var table = new Option<FileInfo?>("--population-table") { Description = "A CSV holding everyone an attacker could match against, with the same quasi-identifier columns: journalist and marketer risk use it." };
        var output = new Option<DirectoryInfo>("--out") { Description = "A new or empty folder for risk.json and report.html.", Required = true };
        var command = new Command("risk", "Measure the re-identification risk of a table release: equivalence classes, k, prosecutor/journalist/marketer risk, population uniqueness, l-diversity, t-closeness and a verdict.")
        {
            input, qi, sensitive, size, region, table, output,
        };
        command.SetAction(parse => Run(error, () =>
        {
            var outDir = Path.GetFullPath(parse.GetValue(output)!.FullName.TrimEnd('/', Path.DirectorySeparatorChar));
            EnsureEmpty(outDir);
            if (parse.GetValue(size) is not null && parse.GetValue(region) is not null)
                throw new RiskInputException("Give --population-size or --population, not both.");
            var options = new RiskOptions
            {
                QuasiIdentifiers = Names(parse.GetValue(qi)),
                Sensitive = Names(parse.GetValue(sensitive)),
                PopulationSize = parse.GetValue(size) is { } n ? n : parse.GetValue(region) is not null ? RiskOptions.UsaPopulation : null,
            };
            options.Validate();
            var release = ReleaseTables.Read(parse.GetValue(input)!.FullName, options.QuasiIdentifiers);
            var population = parse.GetValue(table) is { } p ? ReleaseTables.Read(p.FullName, options.QuasiIdentifiers) : null;
            var report = RiskAssessment.Measure(release, options, population);
            Write(outDir, RiskJson.Render(report), RiskHtml.Render(report));
            Summarise(console, report, outDir);
        }));
        return command;
    }

    /// <summary>A comma-separated list; an empty entry is kept so that validation can point at the stray comma.</summary>
    private static string[] Names(string? list) =>
        string.IsNullOrWhiteSpace(list) ? [] : list.Split(',', StringSplitOptions.TrimEntries);

    private static void EnsureEmpty(string full)
    {
        if (File.Exists(full)) throw new RiskInputException($"Output '{full}' is a file; choose a folder name.");
        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any())
            throw new RiskInputException($"Output folder '{full}' is not empty; choose a new folder.");
    }

    /// <summary>Both files land under temporary names first, so --out never holds one without the other.</summary>
    private static void Write(string full, string json, string html)
    {
        var created = !Directory.Exists(full);
        Directory.CreateDirectory(full);
        try
        {
            File.WriteAllText(Path.Combine(full, "risk.json.tmp"), json);
            File.WriteAllText(Path.Combine(full, "report.html.tmp"), html);
            File.Move(Path.Combine(full, "risk.json.tmp"), Path.Combine(full, "risk.json"));
            File.Move(Path.Combine(full, "report.html.tmp"), Path.Combine(full, "report.html"));
        }
        catch
        {
            foreach (var name in new[] { "risk.json.tmp", "report.html.tmp", "risk.json", "report.html" })
                File.Delete(Path.Combine(full, name));
            if (created) Directory.Delete(full);
            throw;
        }
    }

    private static void Summarise(IAnsiConsole console, RiskReport report, string outDir)
    {
        var inv = CultureInfo.InvariantCulture;
        var table = new Table().AddColumns("measure", "value");
        table.AddRow("records / equivalence classes", string.Create(inv, $"{report.Records:N0} / {report.Classes:N0}"));
        table.AddRow("k (smallest class)", report.K.ToString(inv));
        table.AddRow("sample uniques", string.Create(inv, $"{report.SampleUniques:N0} ({report.SampleUniques / (double)report.Records:0.0%})"));
        table.AddRow("prosecutor risk: highest / average", string.Create(inv, $"{report.Prosecutor.Highest:0.###} / {report.Prosecutor.Average:0.####}"));
        foreach (var r in report.Prosecutor.AtRisk)
            table.AddRow(string.Create(inv, $"records at risk above {r.Threshold}"), string.Create(inv, $"{r.Records:N0} ({r.Share:0.0%})"));
        table.AddRow("journalist risk: highest / average", string.Create(inv, $"{report.Journalist.Highest:0.###} / {report.Journalist.Average:0.####}"));
        table.AddRow("marketer risk", report.Marketer.ToString("0.####", inv));
        if (report.PopulationUniqueness is { } pu)
        {
            var dankar = pu.Dankar is { } d ? string.Create(inv, $"{d:0.###%} ({pu.DankarModel})") : "not computed";
            table.AddRow("population uniques (Dankar)", dankar);
        }
        foreach (var s in report.Sensitive)
            table.AddRow(Markup.Escape($"{s.Column}: distinct l / entropy l / t"), string.Create(inv, $"{s.DistinctL} / {s.EntropyL:0.##} / {s.TCloseness:0.###}"));
        console.Write(table);
        console.MarkupLine(Markup.Escape(report.Verdict.Summary));
        console.MarkupLine($"Wrote {Markup.Escape(Path.Combine(outDir, "risk.json"))} and {Markup.Escape(Path.Combine(outDir, "report.html"))}.");
    }

    private static int Run(TextWriter error, Action action)
    {
        try
        {
            action();
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is RiskInputException or DataFormatException or FileNotFoundException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (Exception e)
        {
            error.WriteLine($"error: {e.GetType().Name}: {e.Message}");
            error.WriteLine("This looks like a bug in Arcanum; please report it with the command you ran.");
            return ExitCodes.Failure;
        }
    }
}
