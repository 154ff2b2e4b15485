using System.Diagnostics;
using System.Globalization;
using System.Text;
using Arcanum.Data.Text;
using Arcanum.Torch;
using Arcanum.Torch.Text;

namespace Arcanum.Bench;

/// <summary>
/// <c>notes [--steps 600] [--width 256] [--layers 4] [--heads 4] [--context 256] [--batch 16] [--samples 20] [--threads 2]
/// [--data ../shared/data/clinical_text]</c>: the note generator on the clinical corpus (read in place, never copied).
/// Trains on ACI-Bench's train notes and MTS-Dialog's training sections, and reports, side by side: bits per byte on the
/// held-out validation files (ACI-Bench valid, MTS-Dialog validation) beside two references computed on the same
/// text, uniform bytes (8 bits) and the training text's own byte frequencies (a unigram model: what a model that
/// learned nothing about order would score); training and sampling tokens/s; and verbatim copying of sampled notes
/// (the share of their 50-character spans found in the training notes, the longest match) for section prompts.
/// </summary>
internal static class NotesBenchmark
{
    private static readonly string[] Prompts = ["GENHX: The patient is a", "ASSESSMENT AND PLAN", "CHIEF COMPLAINT", "PASTMEDICALHX:", "MEDICATIONS:"];

    public static int Run(string[] args)
    {
        var root = Args.String(args, "--data", "/work/shared/data/clinical_text");
        if (!Directory.Exists(root))
        {
            Console.Error.WriteLine($"notes: {root} does not exist; pass --data with the clinical_text folder.");
            return 2;
        }
        TorchRuntime.SetThreads(Args.Int(args, "--threads", Environment.ProcessorCount));
        var train = Notes(Path.Combine(root, "aci-bench", "train.csv"), Path.Combine(root, "mts-dialog", "MTS_Dataset_TrainingSet.csv"));
        var held = Notes(Path.Combine(root, "aci-bench", "valid.csv"), Path.Combine(root, "mts-dialog", "MTS_Dataset_ValidationSet.csv"));
        var options = new NoteTrainingOptions
        {
            Shape = new NoteModelShape(Args.Int(args, "--width", 256), Args.Int(args, "--layers", 4), Args.Int(args, "--heads", 4), Args.Int(args, "--context", 256)),
            Steps = Args.Int(args, "--steps", 600),
            BatchSize = Args.Int(args, "--batch", 16),
            HoldoutFraction = 0,
            Seed = 7,
        };
        Console.WriteLine($"{Machine.Describe()}");
        Console.WriteLine($"training: {train.Count:N0} notes, {Bytes(train):N0} bytes; held out: {held.Count:N0} notes, {Bytes(held):N0} bytes");
        var clock = Stopwatch.StartNew();
        using var model = NoteGenerator.Fit(train, options, progress: new Line());
        var trainSeconds = clock.Elapsed.TotalSeconds;
        var heldBits = model.BitsPerByte(held);
        var trainBits = model.BitsPerByte(train);
        var unigram = UnigramBits(train, held);

        var samples = Args.Int(args, "--samples", 20);
        clock.Restart();
        var generated = new List<string>();
        var kept = new List<string>();
        foreach (var prompt in Prompts)
        {
            var notes = model.Generate(prompt, Math.Max(1, samples / Prompts.Length), maxBytes: 400, seed: 11);
            generated.AddRange(notes);
            kept.AddRange(notes.Select(n => n[Math.Min(prompt.Length, n.Length)..]));
        }
        var sampleSeconds = clock.Elapsed.TotalSeconds;
        var speed = SamplingSpeed.Measure(model, Prompts[0], Math.Max(1, samples / Prompts.Length), 256);
        var sampledBytes = generated.Sum(g => Encoding.UTF8.GetByteCount(g));
        var copying = TextMemorisation.Measure(kept, train);

        Console.WriteLine();
        Console.WriteLine($"model: {model.Card.Parameters:N0} parameters, {options.Shape}, {options.Steps} steps of {options.BatchSize} x {options.Shape.Context} bytes");
        Console.WriteLine("| measure | value | reference |");
        Console.WriteLine("|---|---:|---|");
        Console.WriteLine($"| bits/byte, held-out notes | {F(heldBits)} | uniform bytes 8.000; unigram byte model {F(unigram)} |");
        Console.WriteLine($"| bits/byte, training notes | {F(trainBits)} | (a gap to held-out = overfitting) |");
        Console.WriteLine($"| training tokens/s | {model.Card.TokensPerSecond:N0} | {trainSeconds:0} s in all |");
        Console.WriteLine($"| sampling bytes/s ({generated.Count} notes, batch of {Math.Max(1, samples / Prompts.Length)}) | {sampledBytes / sampleSeconds:N0} | |");
        Console.WriteLine($"| sampling, cache against none (\"{Prompts[0]}\", 256 bytes) | {speed.CachedBytesPerSecond:N0} | {speed} |");
        Console.WriteLine($"| 50-character spans copied from training | {copying.CopiedSpans:N0} of {copying.Spans:N0} ({copying.CopiedShare:P2}) | near 0 is the goal |");
        Console.WriteLine($"| longest verbatim match | {copying.LongestMatch} characters | |");
        return 0;
    }

    /// <summary>The notes of the CSV files (the same reading as <c>notes fit</c>), in file order.</summary>
    private static List<string> Notes(params string[] files)
    {
        var notes = new List<string>();
        foreach (var file in files) notes.AddRange(NoteCorpus.Read(file).Notes);
        return notes;
    }

    /// <summary>Cross-entropy of <paramref name="held"/> under the training bytes' frequencies (add-one smoothed).</summary>
    private static double UnigramBits(List<string> train, List<string> held)
    {
        var counts = new double[NoteTokens.Vocabulary];
        Array.Fill(counts, 1);
        foreach (var t in train.SelectMany(NoteTokens.Note).Skip(1)) counts[t]++;
        var total = counts.Sum();
        var (bits, n) = (0.0, 0L);
        foreach (var note in held)
            foreach (var t in NoteTokens.Note(note).Skip(1))
            {
                bits -= Math.Log2(counts[t] / total);
                n++;
            }
        return bits / n;
    }

    private static long Bytes(List<string> notes) => notes.Sum(n => (long)Encoding.UTF8.GetByteCount(n));

    private static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);

    private sealed class Line : IProgress<string>
    {
        public void Report(string value)
        {
            if (!value.StartsWith("step", StringComparison.Ordinal) || value.Contains("00/", StringComparison.Ordinal)) Console.WriteLine("  " + value);
        }
    }
}
