using System.Diagnostics;
using System.Globalization;
using Arcanum.Data.Text;
using Arcanum.Torch;
using Arcanum.Torch.Text;

namespace Arcanum.Bench;

/// <summary>
/// <c>notes-sections [--steps 1500] [--width 128] [--layers 4] [--heads 4] [--context 192] [--batch 16] [--max-bytes 600]
/// [--cap 400] [--threads 2] [--data ../shared/data/clinical_text]</c>: GatorTron-S's question on MTS-Dialog's note
/// sections (read in place, never copied): does a section-type classifier trained on synthetic sections do as well on
/// real ones as one trained on real sections? The note generator is trained on the training split's sections
/// (<c>HEADER: text</c>), then samples as many sections per header as the training split has (at most <c>--cap</c>),
/// each prompted by its header. Three multinomial naive Bayes classifiers (words and word pairs; smoothing chosen by cross-validation on their own
/// training set) are trained on real, synthetic and both, and tested on the held-out sections (validation and both test sets) with the header removed.
/// Also: verbatim copying of the synthetic sections from the training ones, and sampling speed with and without the cache.
/// </summary>
internal static class NotesSectionsBenchmark
{
    public static int Run(string[] args)
    {
        var root = Path.Combine(Args.String(args, "--data", "/work/shared/data/clinical_text"), "mts-dialog");
        if (!Directory.Exists(root))
        {
            Console.Error.WriteLine($"notes-sections: {root} does not exist; pass --data with the clinical_text folder.");
            return 2;
        }
        TorchRuntime.SetThreads(Args.Int(args, "--threads", Environment.ProcessorCount));
        var train = Sections(Path.Combine(root, "MTS_Dataset_TrainingSet.csv"));
        var test = Sections(Path.Combine(root, "MTS_Dataset_ValidationSet.csv"), Path.Combine(root, "MTS_Dataset_Final_200_TestSet_1.csv"),
            Path.Combine(root, "MTS_Dataset_Final_200_TestSet_2.csv"));
        var options = new NoteTrainingOptions
        {
            Shape = new NoteModelShape(Args.Int(args, "--width", 128), Args.Int(args, "--layers", 4), Args.Int(args, "--heads", 4), Args.Int(args, "--context", 192)),
            Steps = Args.Int(args, "--steps", 1500),
            BatchSize = Args.Int(args, "--batch", 16),
            HoldoutFraction = 0,
            Seed = 7,
        };
        var (maxBytes, cap) = (Args.Int(args, "--max-bytes", 600), Args.Int(args, "--cap", 400));
        Console.WriteLine(Machine.Describe());
        Console.WriteLine($"real training sections: {train.Count:N0}; held-out sections: {test.Count:N0} (validation + test sets 1 and 2)");

        var clock = Stopwatch.StartNew();
        using var model = NoteGenerator.Fit([.. train.Select(s => $"{s.Header}: {s.Text}")], options, progress: new Progress());
        var trainSeconds = clock.Elapsed.TotalSeconds;
        var speed = SamplingSpeed.Measure(model, "GENHX: ", 4, 256);
        Console.WriteLine($"sampling speed: {speed}");

        clock.Restart();
        var synthetic = new List<(string Header, string Text)>();
        foreach (var (group, index) in train.GroupBy(s => s.Header).OrderBy(g => g.Key, StringComparer.Ordinal).Select((g, i) => (g, i)))
        {
            var prompt = group.Key + ": ";
            var wanted = Math.Min(cap, group.Count());
            for (var done = 0; done < wanted; done += 64)
            {
                var notes = model.Generate(prompt, Math.Min(64, wanted - done), maxBytes, seed: 1 + 1000 * index + done);
                synthetic.AddRange(notes.Select(n => (group.Key, n[prompt.Length..].Trim())));
            }
            Console.WriteLine($"  {group.Key}: {wanted} synthetic sections ({clock.Elapsed.TotalSeconds:0} s)");
        }
        var sampleSeconds = clock.Elapsed.TotalSeconds;
        var copying = TextMemorisation.Measure([.. synthetic.Select(s => s.Text)], [.. train.Select(s => s.Text)]);

        var rows = new (string Name, List<(string Header, string Text)> Data)[] { ("real", train), ("synthetic", synthetic), ("real + synthetic", [.. train, .. synthetic]) };
        var scores = rows.Select(r => (r.Name, r.Data.Count, Score(r.Data, test))).ToList();
        var majority = train.GroupBy(s => s.Header).MaxBy(g => g.Count())!.Key;
        var baseline = TextClassificationScore.Of([.. test.Select(s => s.Header)], [.. test.Select(_ => majority)]);

        Console.WriteLine();
        Console.WriteLine($"generator: {model.Card.Parameters:N0} parameters, {options.Shape}, {options.Steps} steps of {options.BatchSize} x {options.Shape.Context} bytes, {trainSeconds:0} s; "
            + $"{synthetic.Count:N0} sections sampled in {sampleSeconds:0} s (temperature 0.8, top-k 40, at most {maxBytes} bytes; {synthetic.Count(s => s.Text.Length == 0)} empty)");
        Console.WriteLine();
        Console.WriteLine("| classifier trained on | sections | smoothing (5-fold CV) | accuracy | macro-F1 |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var (name, count, (score, alpha)) in scores) Console.WriteLine($"| {name} | {count:N0} | {alpha} | {F(score.Accuracy)} | {F(score.MacroF1)} |");
        Console.WriteLine($"| (always {majority}) | - | - | {F(baseline.Accuracy)} | {F(baseline.MacroF1)} |");
        Console.WriteLine();
        Console.WriteLine("| header | real training | synthetic | held-out support | F1 real | F1 synthetic | F1 both |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var header in train.Select(s => s.Header).Concat(test.Select(s => s.Header)).Distinct().Order(StringComparer.Ordinal))
        {
            double F1((TextClassificationScore Score, double) s) => s.Score.Classes.FirstOrDefault(c => c.Label == header)?.F1 ?? 0;
            Console.WriteLine($"| {header} | {train.Count(s => s.Header == header)} | {synthetic.Count(s => s.Header == header)} | {test.Count(s => s.Header == header)} | "
                + $"{F(F1(scores[0].Item3))} | {F(F1(scores[1].Item3))} | {F(F1(scores[2].Item3))} |");
        }
        Console.WriteLine();
        Console.WriteLine($"memorisation: {copying.CopiedSpans:N0} of {copying.Spans:N0} 50-character spans of the synthetic sections copied from the training sections ({copying.CopiedShare:P2}); longest verbatim match {copying.LongestMatch} characters");
        return 0;
    }

    private static readonly double[] Smoothings = [1, 0.3, 0.1, 0.03, 0.01];

    /// <summary>
    /// A classifier trained on <paramref name="training"/>, scored on the held-out sections' text alone. Its smoothing is
    /// chosen by 5-fold cross-validation (macro-F1) inside its own training set, never on the held-out sections: Laplace's
    /// 1 over some 30,000 words and word pairs drowns the rare headers, and the best value depends on the training text.
    /// </summary>
    private static (TextClassificationScore Score, double Alpha) Score(List<(string Header, string Text)> training, List<(string Header, string Text)> test)
    {
        var order = Enumerable.Range(0, training.Count).ToArray();
        new Random(5).Shuffle(order);
        var alpha = Smoothings.MaxBy(a =>
        {
            var (truth, predicted) = (new List<string>(), new List<string>());
            for (var fold = 0; fold < 5; fold++)
            {
                var fit = order.Where((_, i) => i % 5 != fold).Select(i => training[i]).ToList();
                var check = order.Where((_, i) => i % 5 == fold).Select(i => training[i]).ToList();
                var model = NaiveBayesTextClassifier.Fit([.. fit.Select(s => s.Text)], [.. fit.Select(s => s.Header)], a);
                truth.AddRange(check.Select(s => s.Header));
                predicted.AddRange(check.Select(s => model.Predict(s.Text)));
            }
            return TextClassificationScore.Of(truth, predicted).MacroF1;
        });
        var classifier = NaiveBayesTextClassifier.Fit([.. training.Select(s => s.Text)], [.. training.Select(s => s.Header)], alpha);
        return (TextClassificationScore.Of([.. test.Select(s => s.Header)], [.. test.Select(s => classifier.Predict(s.Text))]), alpha);
    }

    /// <summary>
    /// Header and text of each section, through the same reading as <c>notes fit</c> (which writes <c>HEADER: text</c>;
    /// MTS-Dialog's headers hold no ": ", so the first one ends the header).
    /// </summary>
    private static List<(string Header, string Text)> Sections(params string[] files) =>
        [.. files.SelectMany(f => NoteCorpus.Read(f).Notes).Select(n => (n[..n.IndexOf(": ", StringComparison.Ordinal)], n[(n.IndexOf(": ", StringComparison.Ordinal) + 2)..]))];

    private static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);

    private sealed class Progress : IProgress<string>
    {
        public void Report(string value)
        {
            if (!value.StartsWith("step", StringComparison.Ordinal) || value.Contains("00/", StringComparison.Ordinal)) Console.WriteLine("  " + value);
        }
    }
}
