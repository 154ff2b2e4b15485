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
        var stats = new StatisticsOptions();
        var minCount = SimulateOptions.WholeNumber("--min-count", "Each site's minimum count per released cell; smaller cells are withheld.", SitePolicy.DefaultMinCellCount);
        var epsilon = SimulateOptions.Number("--epsilon", "Each site adds Laplace noise for this ε per query (differential privacy).", "no noise");
        var seed = SimulateOptions.WholeNumber("--seed", "Seeds the site split (the noise of --epsilon comes from a CSPRNG: a known seed would let anyone subtract it).", new JobSpec().Seed);
        var output = new Option<string?>("--out") { Description = "Also write the result as JSON to this file." };

        var command = new Command("stats", "Federated counts, missing counts, means, variances, histograms and quantiles per site and pooled, computed without moving rows.")
        {
            data, target, siteColumn, sites,
        };
        foreach (var option in stats.All.Append(minCount).Append(epsilon).Append(seed).Append(output)) command.Add(option);
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
            var query = stats.Query(parse);
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
}
