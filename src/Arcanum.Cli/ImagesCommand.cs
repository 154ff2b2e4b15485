using System.CommandLine;
using System.Globalization;
using Arcanum.Data.Images;
using Arcanum.Torch;
using Arcanum.Torch.Imaging;
using Spectre.Console;

namespace Arcanum.Cli;

/// <summary>
/// <c>arcanum images synth fit|sample|evaluate</c>: synthetic MRI slices with a tumour where you ask. A pix2pix-style
/// generator is fitted on an image folder with tumour masks (centrally, or AsynDGAN-style with one discriminator per
/// hospital), samples an image per mask (with the tumour scaled, moved, or placed into healthy brains), and is
/// evaluated on patients it never saw (see <see cref="SyntheticImageEvaluation"/>).
/// </summary>
internal static class ImagesCommand
{
    private static readonly MaskGanOptions Defaults = new();
    private static readonly GeneratorFitRequest FitDefaults = new("", "");
    private static readonly SyntheticEvaluationRequest EvaluateDefaults = new("", "", "");

    public static Command Create(IAnsiConsole console, TextWriter error) =>
        new("images", "Medical images: synthetic MRI slices conditioned on tumour masks.")
        {
            new Command("synth", "Fit a mask-to-MRI generator, sample images for masks (with tumour edits), and evaluate them.")
            {
                Fit(console, error), Sample(console, error), Evaluate(console, error),
            },
        };

    private static Command Fit(IAnsiConsole console, TextWriter error)
    {
        var data = new Option<string>("--data") { Description = "An image folder with tumour masks (site/patient/slice.png + slice_mask.png; NIfTI and DICOM too).", Required = true };
        var output = new Option<string>("--out") { Description = "A new or empty folder for the generator.", Required = true };
        var size = SimulateOptions.WholeNumber("--image-size", "Image side in pixels (a multiple of 8).", FitDefaults.Size);
        var epochs = SimulateOptions.WholeNumber("--epochs", "Training epochs.", Defaults.Epochs);
        var batch = SimulateOptions.WholeNumber("--batch-size", "Images per step (per site with --training asyndgan).", Defaults.BatchSize);
        var holdout = SimulateOptions.Number("--holdout", "Share of patients kept out of training, for 'images synth evaluate'.", FitDefaults.HoldoutFraction);
        var training = new Option<string?>("--training") { Description = "central (pool the images) or asyndgan (one discriminator per top-level folder: images stay at their site). [default: central]" };
        training.AcceptOnlyFromAmong("central", "asyndgan");
        var widths = SimulateOptions.WholeNumbers("--generator-widths", "The generator U-Net's level widths (multiples of 8).", string.Join(" ", Defaults.GeneratorWidths));
        var layers = SimulateOptions.WholeNumber("--discriminator-layers", "Stride-2 layers of the PatchGAN discriminator (3: 70x70 patches; images must be at least 2^layers x 4 pixels).", Defaults.DiscriminatorLayers);
        var dropout = SimulateOptions.Number("--site-dropout", "Simulated faults: the chance a site misses a step (it is skipped for that step).", 0);
        var seed = SimulateOptions.WholeNumber("--seed", "Random seed.", 0);
        var device = new Option<string?>("--device") { Description = "cpu, cuda or cuda:N. [default: cpu]" };
        var threads = SimulateOptions.WholeNumber("--threads", "CPU threads for libtorch.", "all cores");
        var force = new Option<bool>("--force") { Description = "Replace the generator in --out (only once the new one is saved)." };
        var command = new Command("fit", "Fit a mask-to-MRI generator (pix2pix-style) on an image folder with tumour masks. Progress is checkpointed after each epoch: rerun the same command to resume.")
        {
            data, output, size, epochs, batch, holdout, training, widths, layers, dropout, seed, device, threads, force,
        };
        command.SetAction(parse => CommandRunner.Run(error, () =>
        {
            SetThreads(parse.GetValue(threads));
            var w = parse.GetValue(widths);
            var request = new GeneratorFitRequest(parse.GetValue(data)!, parse.GetValue(output)!)
            {
                Size = parse.GetValue(size) ?? FitDefaults.Size,
                HoldoutFraction = parse.GetValue(holdout) ?? FitDefaults.HoldoutFraction,
                Training = parse.GetValue(training) == "asyndgan" ? GanTraining.AsynDgan : GanTraining.Central,
                Device = parse.GetValue(device) ?? "cpu",
                Force = parse.GetValue(force),
                Options = Defaults with
                {
                    Epochs = parse.GetValue(epochs) ?? Defaults.Epochs,
                    BatchSize = parse.GetValue(batch) ?? Defaults.BatchSize,
                    GeneratorWidths = w is { Length: > 0 } ? w : Defaults.GeneratorWidths,
                    DiscriminatorLayers = parse.GetValue(layers) ?? Defaults.DiscriminatorLayers,
                    SiteDropout = parse.GetValue(dropout) ?? 0,
                    Seed = parse.GetValue(seed) ?? 0,
                },
            };
            var card = MaskImageSynthesis.Fit(request, Progress(console, "fit"));
            console.MarkupLine($"Wrote [bold]{Markup.Escape(request.Output)}[/]: generator on {card.TrainingSlices} slices of {card.TrainingPatients.Count} patients, "
                + $"{card.HeldOutPatients.Count} held out, {card.Seconds:0} s");
        }, IsUserError));
        return command;
    }

    private static Command Sample(IAnsiConsole console, TextWriter error)
    {
        var model = new Option<string>("--model") { Description = "A generator folder (what 'images synth fit' wrote).", Required = true };
        var masks = new Option<string>("--masks") { Description = "An image folder with tumour masks: one image is generated per slice, from its brain outline and mask.", Required = true };
        var output = new Option<string>("--out") { Description = "A new or empty folder for the images and their masks.", Required = true };
        var scale = SimulateOptions.Number("--scale-tumour", "Scale each tumour about its centre, e.g. 1.5 (clipped to the brain).");
        var move = new Option<string?>("--move-tumour") { Description = "Move each tumour by dx,dy pixels at the generator's size, e.g. 8,-4 (clipped to the brain)." };
        var add = new Option<string?>("--add-tumour-to") { Description = "A folder of healthy slices: each gets one of --masks' tumours placed in its brain." };
        var seed = SimulateOptions.WholeNumber("--seed", "Random seed (tumour placement).", 0);
        var device = new Option<string?>("--device") { Description = "cpu, cuda or cuda:N. [default: cpu]" };
        var force = new Option<bool>("--force") { Description = "Replace the images in --out." };
        var command = new Command("sample", "Generate an MRI slice for each mask, optionally with the tumour scaled, moved, or placed into healthy slices.")
        {
            model, masks, output, scale, move, add, seed, device, force,
        };
        command.SetAction(parse => CommandRunner.Run(error, () =>
        {
            var moveText = parse.GetValue(move);
            var request = new GeneratorSampleRequest(parse.GetValue(model)!, parse.GetValue(masks)!, parse.GetValue(output)!)
            {
                ScaleTumour = parse.GetValue(scale),
                MoveTumour = moveText is null ? null : TumourEdits.ParseOffset(moveText),
                AddTumourTo = parse.GetValue(add),
                Seed = parse.GetValue(seed) ?? 0,
                Device = parse.GetValue(device) ?? "cpu",
                Force = parse.GetValue(force),
            };
            var result = MaskImageSynthesis.Sample(request, Progress(console, "sample"));
            console.MarkupLine($"Wrote [bold]{Markup.Escape(result.Output)}[/]: {result.Images} images of {result.Size}x{result.Size} with their tumour masks"
                + (result.SkippedWithoutBrain > 0 ? $" ({result.SkippedWithoutBrain} slices without a brain skipped)" : ""));
        }, IsUserError));
        return command;
    }

    private static Command Evaluate(IAnsiConsole console, TextWriter error)
    {
        var model = new Option<string>("--model") { Description = "A generator folder (what 'images synth fit' wrote).", Required = true };
        var data = new Option<string>("--data") { Description = "The folder the generator was fitted on: its held-out patients are scored.", Required = true };
        var test = new Option<string?>("--test") { Description = "Another hospital's image folder with masks: its patients are scored too." };
        var output = new Option<string?>("--out") { Description = SimulateOptions.WithDefault("Output folder.", "<model>/evaluation") };
        var epochs = SimulateOptions.WholeNumber("--epochs", "Epochs of each segmenter and of the real-vs-generated classifier.", EvaluateDefaults.Epochs);
        var seed = SimulateOptions.WholeNumber("--seed", "Random seed.", 0);
        var device = new Option<string?>("--device") { Description = "cpu, cuda or cuda:N. [default: cpu]" };
        var threads = SimulateOptions.WholeNumber("--threads", "CPU threads for libtorch.", "all cores");
        var force = new Option<bool>("--force") { Description = "Replace an earlier evaluation in --out." };
        var command = new Command("evaluate", "Score a generator on held-out patients: utility, mask fidelity (with edits), realism and memorisation; writes evaluation.json and report.html.")
        {
            model, data, test, output, epochs, seed, device, threads, force,
        };
        command.SetAction(parse => CommandRunner.Run(error, () =>
        {
            SetThreads(parse.GetValue(threads));
            var modelDir = parse.GetValue(model)!;
            var request = new SyntheticEvaluationRequest(modelDir, parse.GetValue(data)!, parse.GetValue(output) ?? Path.Combine(modelDir, "evaluation"))
            {
                Test = parse.GetValue(test),
                Epochs = parse.GetValue(epochs) ?? EvaluateDefaults.Epochs,
                Seed = parse.GetValue(seed) ?? 0,
                Device = parse.GetValue(device) ?? "cpu",
                Force = parse.GetValue(force),
            };
            var r = SyntheticImageEvaluation.Run(request, Progress(console, "evaluate"));
            Print(console, r);
            console.MarkupLine($"Wrote [bold]{Markup.Escape(request.Output)}[/]: evaluation.json, report.html");
        }, IsUserError));
        return command;
    }

    private static void Print(IAnsiConsole console, SyntheticImageReport r)
    {
        var table = new Table().Title($"Held-out patients: {r.HeldOutPatients}").AddColumn("measure").AddColumn(new TableColumn("value").RightAligned());
        foreach (var u in r.Utility) table.AddRow($"Dice, segmenter trained on {Markup.Escape(u.TrainedOn)}", F(u.Scores.Dice));
        table.AddRow("Dice, real-data segmenter on generated images", F(r.Fidelity.Plain.Dice));
        table.AddRow($"  predicted area growth for tumours x{F(r.Fidelity.Factor, "0.##")} (mask area x{F(r.Fidelity.MaskAreaRatio, "0.00")})", F(r.Fidelity.PredictedAreaRatio, "0.00"));
        table.AddRow("Real-vs-generated AUROC (0.5 ideal)", F(r.Realism.ClassifierAuroc));
        table.AddRow("Fréchet distance (real vs real)", $"{F(r.Realism.FrechetDistance, "G4")} ({F(r.Realism.RealFrechetDistance, "G4")})");
        if (r.Traffic is { } t)
            table.AddRow($"MB per epoch: AsynDGAN generator / FedAvg segmenter ({t.Sites} sites)", $"{F(t.GeneratorBytesPerEpoch / 1e6, "0.0")} / {F(t.FedAvgBytesPerRound / 1e6, "0.0")}");
        table.AddRow("Twins nearer a training slice / near-copies", $"{F(r.Memorisation.ShareCloserToTraining * 100, "0.0")}% (expected {F(r.Memorisation.ExpectedShareCloserToTraining * 100, "0.0")}%) / {r.Memorisation.NearCopies}");
        console.Write(table);
    }

    private static bool IsUserError(Exception e) =>
        e is ImageDataException or InvalidDataException or ArgumentException or FormatException or DeviceUnavailableException
            or FileNotFoundException or DirectoryNotFoundException;

    private static void SetThreads(int? threads)
    {
        if (threads is { } t) TorchRuntime.SetThreads(t);
    }

    private static IProgress<string> Progress(IAnsiConsole console, string verb) => new ConsoleProgress(console, "images synth " + verb);

    private static string F(double v, string format = "0.000") => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "–";
}
