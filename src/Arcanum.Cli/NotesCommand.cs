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
        var force = new Option<bool>("--force") { Description = "Replace the model in --out (only once the new one is saved)." };
        var command = new Command("fit", "Train a byte-level note generator on a folder of notes; reports bits per byte on held-out notes.")
        {
            data, output, steps, batch, context, width, layers, heads, lr, holdout, seed, device, threads, force,
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
            };
            options.Validate();
            var corpus = NoteCorpus.Read(parse.GetValue(data)!);
            var progress = new ConsoleProgress(console, "notes fit");
            progress.Report($"{corpus.Notes.Count:N0} notes ({corpus.Bytes:N0} bytes) from {corpus.Files.Count} file(s)"
                + (corpus.Skipped.Count > 0 ? $"; skipped {corpus.Skipped.Count} CSV file(s) without a note column" : ""));
            using var model = NoteGenerator.Fit(corpus.Notes, options, parse.GetValue(device) ?? "cpu", progress);
            OutputFolder.Write(outDir, model.Save);
            var c = model.Card;
            console.MarkupLine($"Wrote [bold]{Markup.Escape(outDir)}[/]: {c.Parameters:N0} parameters, {c.Steps:N0} steps on {c.TrainingNotes:N0} notes in {c.Seconds:0} s "
                + $"({c.TokensPerSecond:N0} tokens/s); held-out bits/byte {(c.HeldOutBitsPerByte is { } b ? b.ToString("0.000", CultureInfo.InvariantCulture) : "– (no notes held out)")}");
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

    private static bool IsUserError(Exception e) =>
        e is DataFormatException or InvalidDataException or ArgumentException or DeviceUnavailableException or ArithmeticException;
}
