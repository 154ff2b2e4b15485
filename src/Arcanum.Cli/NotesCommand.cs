using System.CommandLine;
using System.Globalization;
using Arcanum.Core.IO;
using Arcanum.Data;
using Arcanum.Data.Text;
using Arcanum.Torch;
using Arcanum.Torch.Text;
using Spectre.Console;

namespace Arcanum.Cli;

/// <summary>
/// <c>arcanum notes fit|sample</c>: a small language model of clinical notes (a byte-level decoder-only transformer),
/// trained on a folder of notes and sampled from a prompt, one file per generated note. Prints counts, never note text.
/// </summary>
internal static class NotesCommand
{
    private static readonly NoteTrainingOptions Defaults = new();

    public static Command Create(IAnsiConsole console, TextWriter error) =>
        new("notes", "Synthetic clinical notes: fit a small language model on notes, and sample notes from a prompt.")
        {
            Fit(console, error), Sample(console, error),
        };

    private static Command Fit(IAnsiConsole console, TextWriter error)
    {
        var data = new Option<string>("--data") { Description = "A folder of notes: .txt files (one note each) and .csv files with a 'note' or 'section_text' column (one note per row).", Required = true };
        var output = new Option<string>("--out") { Description = "A new or empty folder for the model.", Required = true };
        var steps = SimulateOptions.WholeNumber("--steps", "Optimiser steps.", Defaults.Steps);
        var batch = SimulateOptions.WholeNumber("--batch-size", "Windows per step.", Defaults.BatchSize);
        var context = SimulateOptions.WholeNumber("--context", "Context in bytes (the window the model sees).", Defaults.Shape.Context);
        var width = SimulateOptions.WholeNumber("--width", "Model width.", Defaults.Shape.Width);
        var layers = SimulateOptions.WholeNumber("--layers", "Transformer blocks.", Defaults.Shape.Layers);
        var heads = SimulateOptions.WholeNumber("--heads", "Attention heads (the width must be a multiple).", Defaults.Shape.Heads);
        var lr = SimulateOptions.Number("--lr", "Peak learning rate (AdamW, warm-up then cosine decay).", Defaults.LearningRate);
        var holdout = SimulateOptions.Number("--holdout", "Share of the notes held out to measure bits per byte.", Defaults.HoldoutFraction);
        var seed = SimulateOptions.WholeNumber("--seed", "Random seed.", Defaults.Seed);
        var device = new Option<string?>("--device") { Description = "cpu, cuda or cuda:N. [default: cpu]" };
        var threads = SimulateOptions.WholeNumber("--threads", "CPU threads for libtorch.", "all cores");
        var epsilon = new Option<double?>("--epsilon") { Description = "Train with DP-SGD and spend at most this epsilon, one note the unit protected (--batch-size is then the expected notes per step). [default: no DP]" };
        var delta = new Option<double?>("--delta") { Description = "Delta for --epsilon; it must be below 1/notes. [default: 1e-5]" };
        var clip = SimulateOptions.Number("--max-grad-norm", "Each note's gradient is clipped to this norm (with --epsilon).", 1.0);
        var federated = new Option<bool>("--federated") { Description = "Train across sites in this process: each subfolder of --data is one site's notes; only weights and byte counts reach the server (FedAvg by default)." };
        var rounds = SimulateOptions.WholeNumber("--rounds", "With --federated: federated rounds.", 20);
        var localSteps = SimulateOptions.WholeNumber("--local-steps", "With --federated: steps each site trains per round (the schedule runs over rounds x local steps).", 50);
        var algorithm = new Option<string?>("--algorithm") { Description = $"With --federated: {string.Join(", ", Arcanum.Federated.Simulation.FunctionSiteRounds.Algorithms)}. [default: fedavg]" };
        var force = new Option<bool>("--force") { Description = "Replace the model in --out (only once the new one is saved)." };
        var command = new Command("fit", "Train a byte-level note generator on a folder of notes (or, with --federated, across sites); reports bits per byte on held-out notes.")
        {
            data, output, steps, batch, context, width, layers, heads, lr, holdout, epsilon, delta, clip, federated, rounds, localSteps, algorithm, seed, device, threads, force,
        };
        command.SetAction(parse => CommandRunner.Run(error, () =>
        {
            var outDir = parse.GetValue(output)!;
            OutputFolder.EnsureReplaceable(outDir, parse.GetValue(force), NoteGenerator.CardFile);
            if (parse.GetValue(threads) is { } t) TorchRuntime.SetThreads(t);
            var options = Defaults with
            {
                Shape = new NoteModelShape(parse.GetValue(width) ?? Defaults.Shape.Width, parse.GetValue(layers) ?? Defaults.Shape.Layers,
                    parse.GetValue(heads) ?? Defaults.Shape.Heads, parse.GetValue(context) ?? Defaults.Shape.Context),
                Steps = parse.GetValue(steps) ?? Defaults.Steps,
                BatchSize = parse.GetValue(batch) ?? Defaults.BatchSize,
                LearningRate = parse.GetValue(lr) ?? Defaults.LearningRate,
                HoldoutFraction = parse.GetValue(holdout) ?? Defaults.HoldoutFraction,
                Seed = parse.GetValue(seed) ?? Defaults.Seed,
                Privacy = parse.GetValue(epsilon) is { } e
                    ? new NotePrivacy(e, parse.GetValue(delta) ?? 1e-5, parse.GetValue(clip) ?? 1.0)
                    : parse.GetValue(delta) is not null || parse.GetValue(clip) is not null
                        ? throw new ArgumentException("--delta and --max-grad-norm need --epsilon.")
                        : null,
            };
            options.Validate();
            var progress = new ConsoleProgress(console, "notes fit");
            NoteGenerator model;
            if (parse.GetValue(federated))
            {
                if (parse.GetValue(steps) is not null) throw new ArgumentException("With --federated the steps are --rounds x --local-steps; leave out --steps.");
                var sites = SiteCorpora(parse.GetValue(data)!, progress);
                var r = parse.GetValue(rounds) ?? 20;
                model = FederatedNotes.Fit(sites, options, parse.GetValue(algorithm) ?? "fedavg", r, parse.GetValue(localSteps) ?? 50, parse.GetValue(device) ?? "cpu",
                    new RoundLines(progress, r));
            }
            else
            {
                if (parse.GetValue(rounds) is not null || parse.GetValue(localSteps) is not null || parse.GetValue(algorithm) is not null)
                    throw new ArgumentException("--rounds, --local-steps and --algorithm need --federated.");
                var corpus = NoteCorpus.Read(parse.GetValue(data)!);
                progress.Report($"{corpus.Notes.Count:N0} notes ({corpus.Bytes:N0} bytes) from {corpus.Files.Count} file(s)"
                    + (corpus.Skipped.Count > 0 ? $"; skipped {corpus.Skipped.Count} CSV file(s) without a note column" : ""));
                model = NoteGenerator.Fit(corpus.Notes, options, parse.GetValue(device) ?? "cpu", progress);
            }
            using var _ = model;
            OutputFolder.Write(outDir, model.Save);
            var c = model.Card;
            console.MarkupLine($"Wrote [bold]{Markup.Escape(outDir)}[/]: {c.Parameters:N0} parameters, {c.Steps:N0} steps on {c.TrainingNotes:N0} notes in {c.Seconds:0} s "
                + $"({c.TokensPerSecond:N0} tokens/s); held-out bits/byte {(c.HeldOutBitsPerByte is { } b ? b.ToString("0.000", CultureInfo.InvariantCulture) : "– (no notes held out)")}");
            if (c.Federation is { } f)
            {
                foreach (var site in f.Sites)
                    console.MarkupLine(FormattableString.Invariant($"  site {Markup.Escape(site.Name)}: {site.TrainingNotes:N0} training notes, {site.HeldOutNotes:N0} held out, held-out bits/byte {(site.HeldOutBitsPerByte is { } sb ? sb.ToString("0.000", CultureInfo.InvariantCulture) : "–")}"));
            }
            if (c.StoppedEarly is { } why) console.MarkupLine($"[yellow]Stopped early: {Markup.Escape(why)}.[/]");
            if (c.Privacy is { } p)
                console.MarkupLine(FormattableString.Invariant($"Privacy spent: [bold]epsilon {p.Epsilon:0.###}[/] at delta {p.Delta:G3} (RDP accountant; noise multiplier {p.NoiseMultiplier:0.###}, sample rate {p.SampleRate:0.####}, {p.Steps} steps, clip {p.MaxGradNorm}). Unit: {Markup.Escape(p.Scope)}."));
        }, IsUserError));
        return command;
    }

    private static Command Sample(IAnsiConsole console, TextWriter error)
    {
        var model = new Option<string>("--model") { Description = "A model folder (what 'notes fit' wrote).", Required = true };
        var prompt = new Option<string?>("--prompt") { Description = "Text every note starts with, e.g. \"ASSESSMENT AND PLAN: type 2 diabetes\". [default: none]" };
        var count = new Option<int>("-n") { Description = "Notes to generate.", DefaultValueFactory = _ => 10 };
        var output = new Option<string>("--out") { Description = "A new or empty folder: note-0001.txt, note-0002.txt, ...", Required = true };
        var maxBytes = SimulateOptions.WholeNumber("--max-bytes", "Longest note in bytes (a note also ends where the model ends it).", 1500);
        var temperature = SimulateOptions.Number("--temperature", "Sampling temperature (lower: safer, more repetitive).", 0.8);
        var topK = SimulateOptions.WholeNumber("--top-k", "Sample among the k likeliest bytes.", 40);
        var seed = SimulateOptions.WholeNumber("--seed", "Random seed; same seed, same notes.", 1);
        var device = new Option<string?>("--device") { Description = "cpu, cuda or cuda:N. [default: cpu]" };
        var compare = new Option<string?>("--compare-with") { Description = "The training notes (as given to 'notes fit --data'): report how much of the generated text (after the prompt) is copied from them verbatim." };
        var force = new Option<bool>("--force") { Description = "Replace the notes in --out." };
        var command = new Command("sample", "Generate notes from a note generator, each beginning with the prompt, one file per note.")
        {
            model, prompt, count, output, maxBytes, temperature, topK, seed, device, compare, force,
        };
        command.SetAction(parse => CommandRunner.Run(error, () =>
        {
            var outDir = parse.GetValue(output)!;
            OutputFolder.EnsureReplaceable(outDir, parse.GetValue(force), "note-0001.txt");
            var training = parse.GetValue(compare) is { } folder ? NoteCorpus.Read(folder) : null;
            using var generator = NoteGenerator.Load(parse.GetValue(model)!, parse.GetValue(device) ?? "cpu");
            var n = parse.GetValue(count);
            var start = parse.GetValue(prompt) ?? "";
            var notes = generator.Generate(start, n, parse.GetValue(maxBytes) ?? 1500,
                parse.GetValue(temperature) ?? 0.8, parse.GetValue(topK) ?? 40, parse.GetValue(seed) ?? 1);
            OutputFolder.Write(outDir, staging =>
            {
                for (var i = 0; i < notes.Count; i++) File.WriteAllText(Path.Combine(staging, $"note-{i + 1:0000}.txt"), notes[i]);
            });
            console.MarkupLine($"Wrote [bold]{notes.Count}[/] notes to [bold]{Markup.Escape(outDir)}[/] (mean {notes.Average(x => x.Length):0} characters).");
            if (training is null) return;
            // The prompt was asked for, so it is not counted as copied.
            var m = TextMemorisation.Measure([.. notes.Select(x => x[Math.Min(start.Length, x.Length)..])], training.Notes);
            console.MarkupLine($"Copied from the training notes: {m.CopiedSpans:N0} of {m.Spans:N0} generated {m.SpanLength}-character spans "
                + $"({m.CopiedShare:P2}); longest verbatim match {m.LongestMatch:N0} characters.");
        }, IsUserError));
        return command;
    }

    /// <summary>Each subfolder of <paramref name="folder"/> is a site's notes, named after it.</summary>
    private static List<(string, IReadOnlyList<string>)> SiteCorpora(string folder, IProgress<string> progress)
    {
        if (!Directory.Exists(folder)) throw new DataFormatException($"--data folder '{folder}' does not exist.");
        var loose = Directory.EnumerateFiles(folder).Count(f => f.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".csv", StringComparison.OrdinalIgnoreCase));
        if (loose > 0)
            throw new DataFormatException($"With --federated, '{folder}' holds one subfolder per site, but {loose} note file(s) lie in it directly and belong to no site; move them into a site's folder.");
        var sites = Directory.GetDirectories(folder).Order(StringComparer.Ordinal).Select(d =>
        {
            var corpus = NoteCorpus.Read(d);
            var name = Path.GetFileName(d);
            progress.Report($"site {name}: {corpus.Notes.Count:N0} notes ({corpus.Bytes:N0} bytes) from {corpus.Files.Count} file(s)");
            return (name, corpus.Notes);
        }).ToList();
        if (sites.Count < 2) throw new DataFormatException($"With --federated, '{folder}' needs a subfolder per site, at least 2; it has {sites.Count}.");
        return sites;
    }

    /// <summary>One line per federated round: the global model's held-out bits per byte, pooled and per site.</summary>
    private sealed class RoundLines(IProgress<string> progress, int rounds) : IProgress<NoteRoundScore>
    {
        public void Report(NoteRoundScore value) => progress.Report(FormattableString.Invariant(
            $"round {value.Round}/{rounds}: held-out bits/byte {Bits(value.PooledBitsPerByte)} ({string.Join(", ", value.SiteBitsPerByte.Select(p => $"{p.Key} {Bits(p.Value)}"))}), {value.Seconds:0} s"));

        private static string Bits(double? bits) => bits is { } b ? b.ToString("0.000", CultureInfo.InvariantCulture) : "–";
    }

    private static bool IsUserError(Exception e) =>
        e is DataFormatException or InvalidDataException or ArgumentException or DeviceUnavailableException or ArithmeticException;
}
