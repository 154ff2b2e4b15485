using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Arcanum.Cases;
using Arcanum.Cases.DdxPlus;
using Arcanum.Cases.Knowledge;
using Arcanum.Cases.Simulation;
using Spectre.Console;

namespace Arcanum.Cli;

/// <summary>
/// <c>arcanum cases</c>: build a knowledge base from DDXPlus (<c>kb</c>) and simulate diagnostic cases from any
/// knowledge base (<c>simulate</c>), with conditions, a CSV per case and a frequency report; write a labelled
/// synthetic note per case (<c>notes</c>, in <see cref="CasesNotesCommand"/>).
/// </summary>
internal static class CasesCommand
{
    private const int DefaultSeed = 1;

    public static Command Create(IAnsiConsole console, TextWriter error) =>
        new("cases", "Simulated diagnostic cases from a medical knowledge base (diseases, findings, probabilities).")
        {
            Kb(console, error), Simulate(console, error), CasesNotesCommand.Create(console, error),
        };

    private static Command Kb(IAnsiConsole console, TextWriter error)
    {
        var ddxplus = new Option<DirectoryInfo>("--ddxplus") { Description = "A DDXPlus folder: release_conditions.json, release_evidences.json and a patients CSV.", Required = true };
        var patients = new Option<FileInfo?>("--patients") { Description = "The patients whose counts estimate the frequencies. [default: patients_train.csv in --ddxplus, else patients_dev.csv]" };
        var every = new Option<int>("--holdout-every") { Description = "Hold out every Nth patient (the Nth, 2Nth, ...) for benchmarks; 0 uses all.", DefaultValueFactory = _ => DdxPlusSplit.DefaultEvery };
        var sites = new Option<int>("--sites") { Description = "Fit the frequencies federatedly: split the estimating patients into this many sites (patient i to site i mod N); each releases only counts, under --min-count, and the counts are summed.", DefaultValueFactory = _ => 1 };
        var minCount = new Option<int>("--min-count") { Description = "With --sites: a site withholds any group of counts with a count from 1 to this minus 1 (whole, so it cannot be recovered by subtraction).", DefaultValueFactory = _ => 5 };
        var output = new Option<FileInfo>("--out") { Description = "The knowledge-base JSON to write.", Required = true };
        var command = new Command("kb", "Build a knowledge base from DDXPlus: its pathologies, evidences and links, with frequencies estimated from patients (DDXPlus publishes none).")
        {
            ddxplus, patients, every, sites, minCount, output,
        };
        command.SetAction(parse => CommandRunner.Run(error, () =>
        {
            var folder = parse.GetValue(ddxplus)!.FullName;
            var holdout = parse.GetValue(every);
            if (holdout < 0 || holdout == 1) throw new CasesException("--holdout-every must be 0 (hold out none) or 2 or more.");
            var file = parse.GetValue(patients)?.FullName ?? DefaultPatients(folder);
            var release = DdxPlusRelease.Read(folder);
            var (estimate, heldOut) = DdxPlusSplit.Split(DdxPlusPatients.Read(file), holdout);
            var from = holdout > 0
                ? $"{Path.GetFileName(file)}, all patients but every {Ordinal(holdout)} (held out for benchmarks)"
                : Path.GetFileName(file);
            var siteCount = parse.GetValue(sites);
            if (siteCount < 1) throw new CasesException("--sites must be 1 or more.");
            var counts = DdxPlusCounts.Of(release, estimate);
            if (siteCount > 1)
            {
                var k = parse.GetValue(minCount);
                if (k < 0) throw new CasesException("--min-count must be 0 or more.");
                var released = Enumerable.Range(0, siteCount)
                    .Select(s => DdxPlusCounts.Of(release, estimate.Where((_, i) => i % siteCount == s)).Guarded(release, k));
                counts = DdxPlusCounts.Sum(release, released);
                from += $", counted at {siteCount} sites (patient i at site i mod {siteCount}), each withholding counts under {k}";
                console.MarkupLine(Markup.Escape($"{siteCount} sites released their counts; {counts.Withheld} group(s) of counts "
                    + $"were withheld under the minimum count {k}, leaving {counts.Total:N0} of {estimate.Count:N0} patients' pathologies counted."));
            }
            var kb = DdxPlusKnowledgeBuilder.Build(release, counts, from, heldOut.Count);
            var path = parse.GetValue(output)!.FullName;
            KnowledgeBaseFile.Write(kb, path);
            console.MarkupLine(Markup.Escape($"Knowledge base: {kb.Diseases.Count} diseases, {kb.Findings.Count} findings, "
                + $"{kb.Diseases.Sum(d => d.Findings.Count)} disease-finding links; frequencies estimated from {estimate.Count:N0} "
                + $"patients of {Path.GetFileName(file)} ({heldOut.Count:N0} held out) into {path}"));
        }, e => e is CasesException));
        return command;
    }

    private static Command Simulate(IAnsiConsole console, TextWriter error)
    {
        var kbFile = new Option<FileInfo>("--kb") { Description = "The knowledge-base JSON.", Required = true };
        var count = new Option<int>("-n", "--cases") { Description = "Cases to simulate.", Required = true };
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed gives the same cases.", DefaultValueFactory = _ => DefaultSeed };
        var where = new Option<string?>("--where") { Description = "Simulate only cases that meet this, drawn from the conditional distribution: clauses on age, sex, disease, a binary finding (= 0 or 1), a categorical one (= a value) or a multi-choice one (= an answer) joined by 'and', e.g. \"disease = Pneumonia and age >= 65\" (quote values with spaces)." };
        var output = new Option<FileInfo>("--out") { Description = "The CSV to write: case, age, sex, disease, evidences (DDXPlus format), then one 0/1 column per finding or answer.", Required = true };
        var evidencesOnly = new Option<bool>("--no-one-hot") { Description = "Leave out the 0/1 columns (a much smaller file)." };
        var report = new Option<FileInfo?>("--report") { Description = "The frequency report (JSON). [default: the CSV's name with .report.json]" };
        var command = new Command("simulate", "Simulate cases from a knowledge base into a CSV, with a report comparing simulated frequencies with the knowledge base's.")
        {
            kbFile, count, seed, where, output, evidencesOnly, report,
        };
        command.SetAction(parse => CommandRunner.Run(error, () =>
        {
            var n = parse.GetValue(count);
            if (n < 1) throw new CasesException("-n must be 1 or more.");
            var compiled = new CompiledKnowledgeBase(KnowledgeBaseFile.Read(parse.GetValue(kbFile)!.FullName));
            var conditions = CaseConditions.Parse(compiled, parse.GetValue(where));
            var clock = Stopwatch.StartNew();
            var cases = new CaseSimulator(compiled).Simulate(n, (ulong)parse.GetValue(seed), conditions);
            var seconds = clock.Elapsed.TotalSeconds;
            var csv = parse.GetValue(output)!.FullName;
            CaseCsvWriter.Write(compiled, cases, csv, oneHot: !parse.GetValue(evidencesOnly));
            var writeSeconds = clock.Elapsed.TotalSeconds - seconds;
            var summary = FrequencyReport.Build(compiled, conditions, cases, seconds);
            var reportPath = parse.GetValue(report)?.FullName ?? Path.ChangeExtension(csv, ".report.json");
            summary.Write(reportPath);
            foreach (var line in summary.Summary()) console.MarkupLine(Markup.Escape(line));
            console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"Wrote {csv} ({writeSeconds:0.00} s) and {reportPath}")));
        }, e => e is CasesException));
        return command;
    }

    private static string DefaultPatients(string folder)
    {
        var train = Path.Combine(folder, "patients_train.csv");
        return File.Exists(train) ? train : Path.Combine(folder, "patients_dev.csv");
    }

    private static string Ordinal(int n) => n switch { 2 => "2nd", 3 => "3rd", _ => $"{n}th" };
}
