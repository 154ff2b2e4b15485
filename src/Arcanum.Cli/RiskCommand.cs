using System.CommandLine;
using System.Globalization;
using Arcanum.Core.IO;
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
        var input = Required<FileInfo>("--in", "The table to be released: a CSV file with a header (, ; tab or |).");
        var qi = Required<string>("--qi", "Comma-separated quasi-identifiers: the columns an attacker could know, " +
            "e.g. age,sex,zip3.");
        var sensitive = new Option<string?>("--sensitive")
        {
            Description = "Comma-separated sensitive columns to measure l-diversity and t-closeness of.",
        };
        var size = new Option<long?>("--population-size")
        {
            Description = "People in the population the release was drawn from: estimates population uniqueness.",
        };
        var region = new Option<string?>("--population")
        {
            Description = "A named population instead of --population-size: usa (317,238,626, ARX's figure, so estimates compare with ARX's).",
        };
        region.AcceptOnlyFromAmong(Regions);
        var table = new Option<FileInfo?>("--population-table")
        {
            Description = "A CSV holding everyone an attacker could match against, with the same quasi-identifier " +
                "columns: journalist and marketer risk use it.",
        };
        var output = Required<DirectoryInfo>("--out", "A new or empty folder for risk.json and report.html.");
        var command = new Command("risk", "Measure the re-identification risk of a table release: equivalence " +
            "classes, k, prosecutor/journalist/marketer risk, population uniqueness, l-diversity, t-closeness, verdict.")
        {
            input, qi, sensitive, size, region, table, output,
        };
        command.Add(RiskLinkCommand.Create(console, error));
        command.SetAction(parse => Run(error, () =>
        {
            var outDir = OutputFolder.FullPath(parse.GetValue(output)!.FullName);
            OutputFolder.EnsureEmpty(outDir);
            if (parse.GetValue(size) is not null && parse.GetValue(region) is not null)
                throw new RiskInputException("Give --population-size or --population, not both.");
            var options = new RiskOptions
            {
                QuasiIdentifiers = Names(parse.GetValue(qi)),
                Sensitive = Names(parse.GetValue(sensitive)),
                PopulationSize = parse.GetValue(size) is { } n ? n
                    : parse.GetValue(region) is not null ? RiskOptions.UsaPopulation
                    : null,
            };
            options.Validate();
            var release = ReleaseTables.Read(parse.GetValue(input)!.FullName, options.QuasiIdentifiers);
            var population = parse.GetValue(table) is { } p
                ? ReleaseTables.Read(p.FullName, options.QuasiIdentifiers)
                : null;
            var report = RiskAssessment.Measure(release, options, population);
            Write(outDir, RiskJson.Render(report), RiskHtml.Render(report));
            Summarise(console, report, outDir);
        }));
        return command;
    }

    private static Option<T> Required<T>(string name, string description) =>
        new(name) { Description = description, Required = true };

    /// <summary>A comma-separated list; an empty entry is kept so that validation can point at the stray
    /// comma.</summary>
    private static string[] Names(string? list) =>
        string.IsNullOrWhiteSpace(list) ? [] : list.Split(',', StringSplitOptions.TrimEntries);

    /// <summary>Both files land together or not at all (a staged folder renamed into place).</summary>
    private static void Write(string full, string json, string html) => OutputFolder.Write(full, staging =>
    {
        File.WriteAllText(Path.Combine(staging, "risk.json"), json);
        File.WriteAllText(Path.Combine(staging, "report.html"), html);
    });

    private static void Summarise(IAnsiConsole console, RiskReport report, string outDir)
    {
        var table = new Table().AddColumns("measure", "value");
        void Add(string measure, FormattableString value) =>
            table.AddRow(Markup.Escape(measure), Markup.Escape(value.ToString(CultureInfo.InvariantCulture)));
        Add("records / equivalence classes", $"{report.Records:N0} / {report.Classes:N0}");
        Add("k (smallest class)", $"{report.K}");
        Add("sample uniques", $"{report.SampleUniques:N0} ({report.SampleUniques / (double)report.Records:0.0%})");
        var (prosecutor, journalist) = (report.Prosecutor, report.Journalist);
        Add("prosecutor risk: highest / average", $"{prosecutor.Highest:0.###} / {prosecutor.Average:0.####}");
        foreach (var r in report.Prosecutor.AtRisk)
            Add(FormattableString.Invariant($"records at risk above {r.Threshold}"),
                $"{r.Records:N0} ({r.Share:0.0%})");
        Add("journalist risk: highest / average", $"{journalist.Highest:0.###} / {journalist.Average:0.####}");
        Add("marketer risk", $"{report.Marketer:0.####}");
        if (report.PopulationUniqueness is { } pu)
        {
            Add("population uniques (Dankar)",
                pu.Dankar is { } d ? $"{d:0.###%} ({pu.DankarModel})" : (FormattableString)$"not computed");
        }
        foreach (var s in report.Sensitive)
            Add($"{s.Column}: distinct l / entropy l / t", $"{s.DistinctL} / {s.EntropyL:0.##} / {s.TCloseness:0.###}");
        console.Write(table);
        console.MarkupLine(Markup.Escape(report.Verdict.Summary));
        var files = $"{Path.Combine(outDir, "risk.json")} and {Path.Combine(outDir, "report.html")}";
        console.MarkupLine($"Wrote {Markup.Escape(files)}.");
    }

    private static int Run(TextWriter error, Action action) => CommandRunner.Run(error, action, e => e is RiskInputException or DataFormatException or FileNotFoundException or ArgumentException);
}
