using System.CommandLine;
using System.Globalization;
using Arcanum.Data;
using Arcanum.Data.Images;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Validation;
using Arcanum.Torch;
using Spectre.Console;

namespace Arcanum.Cli;

/// <summary>
/// <c>arcanum evaluate</c>: external validation. Scores a finished run's models (federated, and the
/// central and single-site baselines a simulation keeps) on data from a hospital that took no part,
/// prepared with the run's stored encoding or image normalisation; writes evaluation.json and report.html.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create(IAnsiConsole console, TextWriter error)
    {
        var run = new Option<string>("--run") { Description = "A finished run's folder (what arcanum simulate --out wrote).", Required = true };
        var data = new Option<string>("--data") { Description = "The other hospital's data: a CSV with the run's columns and target, or an image folder with masks for a segmentation run.", Required = true };
        var output = new Option<string?>("--out") { Description = SimulateOptions.WithDefault("Output folder.", "<run>/external-<data name>") };
        var force = new Option<bool>("--force") { Description = "Replace the output folder if it exists." };
        var device = new Option<string>("--device") { Description = "cpu, cuda or cuda:N.", DefaultValueFactory = _ => "cpu" };
        var command = new Command("evaluate", "External validation: score a finished run's models on data from a hospital that took no part, and write evaluation.json and report.html.")
        {
            run, data, output, force, device,
        };
        command.SetAction(parse => CommandRunner.Run(error, () =>
        {
            var bundle = RunBundle.Load(parse.GetValue(run)!);
            var dataPath = parse.GetValue(data)!;
            var target = parse.GetValue(output)
                ?? Path.Combine(bundle.Directory, "external-" + Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataPath))));
            Federated.Reports.StudyOutput.EnsureWritable(target, parse.GetValue(force));
            var learner = new TorchLearner(parse.GetValue(device) ?? "cpu");
            var result = ExternalValidation.Run(learner, bundle, dataPath, new ConsoleProgress(console, "evaluate"));
            ValidationOutput.Write(result, target, parse.GetValue(force));
            Print(console, result);
            console.MarkupLine($"Wrote [bold]{Markup.Escape(target)}[/]: evaluation.json, report.html");
        }, e => e is JobSpecException or DataFormatException or ImageDataException or ArgumentException or DeviceUnavailableException or FileNotFoundException or DirectoryNotFoundException));
        return command;
    }

    private static void Print(IAnsiConsole console, ExternalValidationResult r)
    {
        var table = new Table().Title($"{r.Metric} on {Markup.Escape(r.DataName)}").AddColumn("model");
        foreach (var site in r.Sites) table.AddColumn(new TableColumn(Markup.Escape(site.Name)).RightAligned());
        table.AddColumn(new TableColumn("all").RightAligned());
        foreach (var s in r.Scores)
        {
            table.AddRow([Markup.Escape(s.Model.DisplayName), .. r.Sites.Select(x => F(s.PerSite[x.Name].Get(r.Metric))), F(s.Pooled.Get(r.Metric))]);
        }
        console.Write(table);
    }

    private static string F(double v) => double.IsFinite(v) ? v.ToString("0.000", CultureInfo.InvariantCulture) : "–";
}
