using System.CommandLine;
using System.Globalization;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Simulation;
using Arcanum.Federated.Statistics;
using Spectre.Console;

namespace Arcanum.Cli;

/// <summary>
/// <c>arcanum simulate stats</c>: federated descriptive statistics over simulated sites. Each site
/// computes sums from its own rows under its policy (minimum cell count, optional ε); only sums are
/// combined, so the table shows what a network query would release.
/// </summary>
internal static class SimulateStatsCommand
{
    public static Command Create(IAnsiConsole console, TextWriter error)
    {
        var data = new Option<string>("--data") { Description = "A bundled dataset (see `arcanum datasets`) or a CSV path.", Required = true };
        var target = new Option<string?>("--target") { Description = "The dataset's outcome column (bundled datasets have a default); rows without it are left out, as in `simulate`." };
        var siteColumn = new Option<string?>("--site-column") { Description = "The column whose values are the sites (bundled datasets have a default)." };
        var sites = SimulateOptions.WholeNumber("--sites", "Split the rows into N synthetic sites instead of using a site column.", $"the data's site column, else {StudyBuilder.DefaultSiteCount}");
        var columns = new Option<string>("--columns") { Description = "Numeric columns to describe, comma-separated, e.g. age,bili.", Required = true };
        var ranges = new Option<string[]>("--range")
        {
            Description = "The public range of a column, COLUMN=LOW:HIGH (repeatable; one per column). It fixes the histogram edges at every site and bounds a record's influence.",
            AllowMultipleArgumentsPerToken = true,
        };
        var by = new Option<string?>("--by") { Description = "A column to group by, e.g. sex." };
        var levels = new Option<string?>("--levels") { Description = "The --by groups to report, comma-separated (required with --epsilon)." };
        var bins = SimulateOptions.WholeNumber("--bins", "Histogram bins per column.", StatisticsQuery.DefaultBins);
        var minCount = SimulateOptions.WholeNumber("--min-count", "Each site's minimum count per released cell; smaller cells are withheld.", SitePolicy.DefaultMinCellCount);
        var epsilon = SimulateOptions.Number("--epsilon", "Each site adds Laplace noise for this ε per query (differential privacy).", "no noise");
        var seed = SimulateOptions.WholeNumber("--seed", "Seeds the site split and the noise.", new JobSpec().Seed);
        var output = new Option<string?>("--out") { Description = "Also write the result as JSON to this file." };

        var command = new Command("stats", "Federated counts, missing counts, means, variances, histograms and quantiles per site and pooled, computed without moving rows.")
        {
            data, target, siteColumn, sites, columns, ranges, by, levels, bins, minCount, epsilon, seed, output,
        };
        command.SetAction(parse => SimulateRunner.Guarded(error, () =>
        {
            var job = new JobSpec
            {
                Data = parse.GetValue(data)!,
                Target = parse.GetValue(target),
                SiteColumn = parse.GetValue(siteColumn),
                Sites = parse.GetValue(sites),
                Seed = parse.GetValue(seed) ?? new JobSpec().Seed,
            };
            var names = Split(parse.GetValue(columns));
            var query = new StatisticsQuery(names, Ranges(parse.GetValue(ranges) ?? []), parse.GetValue(by),
                parse.GetValue(levels) is { } l ? Split(l) : null, parse.GetValue(bins) ?? StatisticsQuery.DefaultBins);
            var policy = new SitePolicy(parse.GetValue(minCount) ?? SitePolicy.DefaultMinCellCount, parse.GetValue(epsilon));
            policy.Validate();
            var (dataName, siteTables) = StudyBuilder.SiteTables(job);
            query.Validate(siteTables[0].Table);
            var report = SimulatedStatistics.Run(siteTables, query, policy, job.Seed);
            console.MarkupLine($"[bold]{Markup.Escape(dataName)}[/]: {siteTables.Count} sites, minimum cell count {policy.MinCellCount}" +
                               (policy.Epsilon is { } e ? $", ε {e.ToString(CultureInfo.InvariantCulture)} per site (Laplace)" : ", no noise"));
            console.Profile.Out.Writer.Write(StatisticsText.Render(report));
            if (parse.GetValue(output) is { } path)
            {
                File.WriteAllText(path, StatisticsJson.Serialize(report));
                console.MarkupLine($"Wrote [bold]{Markup.Escape(path)}[/]");
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    private static List<string> Split(string? text) =>
        [.. (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>COLUMN=LOW:HIGH pairs; a malformed one is refused with the form expected.</summary>
    private static Dictionary<string, ValueRange> Ranges(IEnumerable<string> specs)
    {
        var result = new Dictionary<string, ValueRange>(StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            var eq = spec.IndexOf('=', StringComparison.Ordinal);
            var colon = eq < 0 ? -1 : spec.IndexOf(':', eq);
            if (eq <= 0 || colon < 0
                || !double.TryParse(spec[(eq + 1)..colon], NumberStyles.Float, CultureInfo.InvariantCulture, out var low)
                || !double.TryParse(spec[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var high))
                throw new StatisticsException($"--range '{spec}' is not COLUMN=LOW:HIGH, e.g. age=0:120.");
            result[spec[..eq].Trim()] = new ValueRange(low, high);
        }
        return result;
    }
}
