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
        if (Corpus(args, "notes") is not var (train, held)) return 2;
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

    /// <summary>
    /// <c>notes-dp [--epsilons 8,3,1] [--steps 300] [--batch 64] [--width 128] [--layers 2] [--heads 4] [--context 128]
    /// [--lr 3e-3] [--threads 2] [--data ...]</c>: the price of DP-SGD for the note generator, one note the unit. The same
    /// shape, steps and expected batch trained without DP and at each epsilon (delta 1e-5, clip 1), side by side: bits per
    /// byte on the held-out notes (beside the unigram byte model and uniform bytes), the noise multiplier, the epsilon spent,
    /// the fit's seconds and its time per step against the plain fit's.
    /// </summary>
    public static int Private(string[] args)
    {
        if (Corpus(args, "notes-dp") is not var (train, held)) return 2;
        var epsilons = Args.String(args, "--epsilons", "8,3,1").Split(',').Select(e => double.Parse(e, CultureInfo.InvariantCulture)).ToArray();
        var options = new NoteTrainingOptions
        {
            Shape = new NoteModelShape(Args.Int(args, "--width", 128), Args.Int(args, "--layers", 2), Args.Int(args, "--heads", 4), Args.Int(args, "--context", 128)),
            Steps = Args.Int(args, "--steps", 300),
            BatchSize = Args.Int(args, "--batch", 64),
            LearningRate = double.Parse(Args.String(args, "--lr", "3e-3"), CultureInfo.InvariantCulture),
            Warmup = 20,
            HoldoutFraction = 0,
            Seed = 7,
        };
        Console.WriteLine(Machine.Describe());
        Console.WriteLine($"training: {train.Count:N0} notes, {Bytes(train):N0} bytes; held out: {held.Count:N0} notes, {Bytes(held):N0} bytes; " +
            $"{options.Shape}, {options.Steps} steps, batch {options.BatchSize} (with DP: expected notes per step, one window of at most {options.Shape.Context} bytes each), lr {options.LearningRate}");
        Console.WriteLine($"references on the held-out notes: uniform bytes 8.000, unigram byte model {F(UnigramBits(train, held))} bits/byte");
        Console.WriteLine();
        Console.WriteLine("| training | noise multiplier | epsilon spent | held-out bits/byte | fit s | s/step | vs plain |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        double? plainStep = null;
        foreach (var epsilon in new double?[] { null }.Concat(epsilons.Select(e => (double?)e)))
        {
            var run = options with { Privacy = epsilon is { } e ? new NotePrivacy(e) : null };
            var clock = Stopwatch.StartNew();
            using var model = NoteGenerator.Fit(train, run);
            var seconds = clock.Elapsed.TotalSeconds;
            var perStep = seconds / Math.Max(1, model.Card.Steps);
            plainStep ??= perStep;
            var p = model.Card.Privacy;
            Console.WriteLine($"| {(p is null ? "no DP" : $"DP-SGD, epsilon {epsilon!.Value.ToString(CultureInfo.InvariantCulture)}")} | {(p is null ? "-" : p.NoiseMultiplier.ToString("0.###", CultureInfo.InvariantCulture))} | " +
                $"{(p is null ? "-" : F(p.Epsilon))} | {F(model.BitsPerByte(held))} | {seconds:0} | {perStep:0.00} | {perStep / plainStep.Value:0.0}x |");
        }
        return 0;
    }

    /// <summary>
    /// <c>notes-federated [--rounds 20] [--local-steps 30] [--batch 32] [--width 128] [--layers 2] [--heads 4] [--context 128]
    /// [--lr 3e-3] [--algorithm fedavg] [--seed 7] [--epsilon E] [--skip-baselines] [--threads 2] [--data ...]</c>: two "hospitals" that write differently, ACI-Bench (whole
    /// visit notes) and MTS-Dialog (short note sections), each holding only its own training notes. Side by side, each scored
    /// on both sites' held-out files (ACI-Bench valid, MTS-Dialog validation) and pooled over their bytes: the federated model
    /// (rounds x local steps at each site), the central model on the pooled notes and each site's own model (both the same
    /// rounds x local steps), all from the same initial weights and schedule: EXAM's question for notes.
    /// </summary>
    public static int Federated(string[] args)
    {
        if (Root(args, "notes-federated") is not { } root) return 2;
        (string Name, List<string> Train, List<string> Held)[] sites =
        [
            ("aci", Notes(Path.Combine(root, "aci-bench", "train.csv")), Notes(Path.Combine(root, "aci-bench", "valid.csv"))),
            ("mts", Notes(Path.Combine(root, "mts-dialog", "MTS_Dataset_TrainingSet.csv")), Notes(Path.Combine(root, "mts-dialog", "MTS_Dataset_ValidationSet.csv"))),
        ];
        var rounds = Args.Int(args, "--rounds", 20);
        var localSteps = Args.Int(args, "--local-steps", 30);
        var algorithm = Args.String(args, "--algorithm", "fedavg");
        var options = new NoteTrainingOptions
        {
            Shape = new NoteModelShape(Args.Int(args, "--width", 128), Args.Int(args, "--layers", 2), Args.Int(args, "--heads", 4), Args.Int(args, "--context", 128)),
            Steps = rounds * localSteps,
            BatchSize = Args.Int(args, "--batch", 32),
            LearningRate = double.Parse(Args.String(args, "--lr", "3e-3"), CultureInfo.InvariantCulture),
            Warmup = 20,
            HoldoutFraction = 0,
            Seed = Args.Int(args, "--seed", 7),
            Privacy = Args.String(args, "--epsilon", "") is { Length: > 0 } e ? new NotePrivacy(double.Parse(e, CultureInfo.InvariantCulture)) : null,
        };
        Console.WriteLine(Machine.Describe());
        foreach (var site in sites)
            Console.WriteLine($"site {site.Name}: {site.Train.Count:N0} training notes ({Bytes(site.Train):N0} bytes), {site.Held.Count:N0} held out ({Bytes(site.Held):N0} bytes)");
        Console.WriteLine($"{options.Shape}; {rounds} rounds x {localSteps} local steps of {options.BatchSize} windows ({algorithm}); central and single-site models: {options.Steps} steps of the same schedule; seed {options.Seed}"
            + (options.Privacy is { } dp ? FormattableString.Invariant($"; every model DP-SGD at epsilon {dp.Epsilon} (delta {dp.Delta}, one note the unit, {options.BatchSize} notes expected per step)") : ""));
        Console.WriteLine();
        Console.WriteLine("| model | trained on | aci held-out bits/byte | mts held-out bits/byte | pooled | epsilon spent | fit s |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
        var unigram = sites.Select(s => UnigramBits([.. sites.SelectMany(t => t.Train)], s.Held)).ToArray();
        Console.WriteLine($"| unigram bytes | both sites' training bytes | {F(unigram[0])} | {F(unigram[1])} | - | - | - |");
        void Row(string name, string data, NoteGenerator model, double seconds)
        {
            var scores = sites.Select(s => model.BitsPerByte(s.Held, long.MaxValue)).ToArray();
            var bytes = sites.Select(s => (double)s.Held.Sum(n => NoteTokens.Note(n).Length)).ToArray();
            var pooled = (scores[0] * bytes[0] + scores[1] * bytes[1]) / (bytes[0] + bytes[1]);
            Console.WriteLine($"| {name} | {data} | {F(scores[0])} | {F(scores[1])} | {F(pooled)} | {(model.Card.Privacy is { } p ? F(p.Epsilon) : "-")} | {seconds:0} |");
        }
        var clock = Stopwatch.StartNew();
        using (var federated = FederatedNotes.Fit([.. sites.Select(s => (s.Name, (IReadOnlyList<string>)s.Train))], options, algorithm, rounds, localSteps))
            Row($"federated ({algorithm})", "each site its own", federated, clock.Elapsed.TotalSeconds);
        if (args.Contains("--skip-baselines")) return 0;
        clock.Restart();
        using (var central = NoteGenerator.Fit([.. sites.SelectMany(s => s.Train)], options))
            Row("central", "both sites pooled", central, clock.Elapsed.TotalSeconds);
        foreach (var site in sites)
        {
            clock.Restart();
            using var alone = NoteGenerator.Fit(site.Train, options);
            Row($"{site.Name} alone", $"{site.Name} only", alone, clock.Elapsed.TotalSeconds);
        }
        return 0;
    }

    /// <summary>
    /// The training notes (ACI-Bench train, MTS-Dialog training) and the held-out ones (ACI-Bench valid, MTS-Dialog
    /// validation) of the corpus in <c>--data</c> (<see cref="Root"/>), read in place; null when the folder is missing.
    /// </summary>
    private static (List<string> Train, List<string> Held)? Corpus(string[] args, string benchmark)
    {
        if (Root(args, benchmark) is not { } root) return null;
        return (Notes(Path.Combine(root, "aci-bench", "train.csv"), Path.Combine(root, "mts-dialog", "MTS_Dataset_TrainingSet.csv")),
            Notes(Path.Combine(root, "aci-bench", "valid.csv"), Path.Combine(root, "mts-dialog", "MTS_Dataset_ValidationSet.csv")));
    }

    /// <summary>The corpus folder in <c>--data</c>, with libtorch's threads set from <c>--threads</c>; null (and a message) when it is missing.</summary>
    private static string? Root(string[] args, string benchmark)
    {
        var root = Args.String(args, "--data", "/work/shared/data/clinical_text");
        if (!Directory.Exists(root))
        {
            Console.Error.WriteLine($"{benchmark}: {root} does not exist; pass --data with the clinical_text folder.");
            return null;
        }
        TorchRuntime.SetThreads(Args.Int(args, "--threads", Environment.ProcessorCount));
        return root;
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
