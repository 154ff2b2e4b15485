using System.Globalization;
using Arcanum.Federated.Simulation;
using Spectre.Console;

namespace Arcanum.Cli;

/// <summary>The terminal summary of a simulation: per-site headline metric for each way of training.</summary>
internal static class ResultTable
{
    public static void Write(IAnsiConsole console, SimulationResult r)
    {
        var metric = r.Metric;
        var unit = r.Study.IsSegmentation ? "slices" : "rows";
        var table = new Table().Title(r.Study.IsSegmentation ? $"{metric} per held-out patient (mean)" : $"{metric} on held-out rows")
            .AddColumn("site").AddColumn(new TableColumn($"train {unit}").RightAligned()).AddColumn(new TableColumn($"held-out {unit}").RightAligned())
            .AddColumn(new TableColumn("federated").RightAligned()).AddColumn(new TableColumn("central").RightAligned())
            .AddColumn(new TableColumn("local: own").RightAligned()).AddColumn(new TableColumn("local: others").RightAligned());
        for (var i = 0; i < r.Study.Sites.Count; i++)
        {
            var s = r.Study.Sites[i];
            var l = r.Local[i];
            table.AddRow(Markup.Escape(s.Name), s.Train.Count.ToString(CultureInfo.InvariantCulture), s.Holdout.Count.ToString(CultureInfo.InvariantCulture),
                F(r.Federated.PerSite[s.Name].Get(metric)), F(r.Central.PerSite[s.Name].Get(metric)), F(l.Own.Get(metric)), F(l.Others.Get(metric)));
        }
        var ownMean = r.Local.Select(l => l.Own.Get(metric)).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average();
        table.AddRow("[bold]all (pooled)[/]", r.Study.Sites.Sum(s => s.Train.Count).ToString(CultureInfo.InvariantCulture), r.Study.Sites.Sum(s => s.Holdout.Count).ToString(CultureInfo.InvariantCulture),
            $"[bold]{F(r.Federated.Pooled.Get(metric))}[/]", F(r.Central.Pooled.Get(metric)), $"{F(ownMean)} (mean)", $"{F(r.LocalOnOthersMean)} (mean)");
        console.Write(table);

        var fed = r.Federated.Pooled.Get(metric);
        var better = double.IsFinite(fed) && fed >= r.LocalOnOthersMean;
        console.MarkupLine(better
            ? $"[green]Federated {metric} {F(fed)}{Ci(r.Federated)} ≥ {F(r.LocalOnOthersMean)}, the mean of single-site models on other sites' data.[/]"
            : $"[yellow]Federated {metric} {F(fed)}{Ci(r.Federated)} < {F(r.LocalOnOthersMean)}, the mean of single-site models on other sites' data.[/]");
        console.MarkupLine($"Central (pooled) {metric} {F(r.Central.Pooled.Get(metric))}. {r.Elapsed.TotalSeconds:F1} s.");
        if (r.Job.Dp is { } dp)
        {
            var spent = r.Rounds.Where(x => x.Epsilon is not null && x.Site != FederatedSimulator.PooledSiteName).Select(x => x.Epsilon!.Value).DefaultIfEmpty(0).Max();
            console.MarkupLine($"Differential privacy (DP-SGD at every site): at most ε {spent.ToString("0.00", CultureInfo.InvariantCulture)} spent per site of the " +
                $"{dp.Epsilon.ToString("G3", CultureInfo.InvariantCulture)} allowed, δ {dp.Delta.ToString("G3", CultureInfo.InvariantCulture)}; central and local baselines are without DP.");
        }
    }

    private static string Ci(Evaluation federated) =>
        federated.IntervalOf(FederatedSimulator.PooledSiteName) is { } i ? $" (95% CI {F(i.Lower)}–{F(i.Upper)})" : "";

    private static string F(double v) => double.IsFinite(v) ? v.ToString("0.000", CultureInfo.InvariantCulture) : "–";
}
