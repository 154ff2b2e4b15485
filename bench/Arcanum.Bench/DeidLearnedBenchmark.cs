using System.Diagnostics;
using Arcanum.Bench.DeidCorpus;
using Arcanum.Deid;
using Arcanum.Deid.Evaluation;
using Arcanum.Deid.Text;
using Arcanum.Deid.Text.Learned;

namespace Arcanum.Bench;

/// <summary>
/// <c>deid-learned [--seed 1] [--epochs 8] [--source DIR] [--presidio FILE]</c>: does the learned tagger
/// (<c>deid train</c>) pay beside the rules? Builds the labelled corpus as <c>deid-accuracy</c> does, and for each
/// setting scores, on the same held-out notes, the rules alone, the tagger alone and both together (what
/// <c>deid text --model</c> runs):
/// 1. trained on the corpus's dev part, tested on its test part (same templates: the easy case);
/// 2. trained on the corpus's dev part, tested on the Presidio set (another distribution: does it generalise?);
/// 3. trained on half of the Presidio notes, tested on the other half (a site labelling its own notes: the case
///    the issue means by "where it pays").
/// </summary>
internal static class DeidLearnedBenchmark
{
    public static int Run(string[] args)
    {
        var seed = Args.Int(args, "--seed", 1);
        var epochs = Args.Int(args, "--epochs", 8);
        var source = Args.String(args, "--source", "/work/shared/data/clinical_text");
        var presidio = Args.String(args, "--presidio", "/work/shared/data/presidio_synth_pii_v2.json");
        if (!Directory.Exists(source) || !File.Exists(presidio))
        {
            Console.Error.WriteLine($"deid-learned: {source} or {presidio} is missing; pass --source and --presidio.");
            return 2;
        }
        var dir = Directory.CreateTempSubdirectory("arcanum-deid-learned-").FullName;
        try
        {
            CorpusGenerator.Write(SourceNotes.Read(source), presidio, dir, seed);
            var (dev, test, pii) = (Path.Combine(dir, "dev"), Path.Combine(dir, "test"), Path.Combine(dir, "presidio"));
            var piiNotes = Directory.GetFiles(Path.Combine(pii, "notes"), "*.txt").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
            var piiTrain = piiNotes.Where((_, i) => i % 2 == 0).ToHashSet(StringComparer.Ordinal);
            bool PiiTest(string name) => !piiTrain.Contains(name);

            Console.WriteLine($"Corpus seed {seed}; tagger: averaged perceptron, {epochs} epochs. Lenient = any overlap, any type.");
            Console.WriteLine();
            Console.WriteLine("| trained on | tested on | detector | lenient R | lenient P | lenient F1 | names R | dates R | numbers R | locations R | contacts R | train s | notes/s (1 thread) |");
            Console.WriteLine("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            var fromDev = Train(dev, _ => true, epochs, seed);
            // Warm-up (JIT, word lists) so that the first row's notes/s is not the cold start's.
            DeidAccuracyBenchmark.Score((text, name) => new TextDeidentifier(TextDeidMode.Redact, tagger: fromDev.Tagger).Process(text, name).Spans, dev);
            Rows("corpus dev", "corpus test", fromDev, test, _ => true);
            Rows("corpus dev", "Presidio set", fromDev, pii, _ => true);
            var fromPii = Train(pii, piiTrain.Contains, epochs, seed);
            Rows("Presidio, even notes", "Presidio, odd notes", fromPii, pii, PiiTest);
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static (TokenTagger Tagger, double Seconds) Train(string part, Func<string, bool> include, int epochs, int seed)
    {
        var gold = SpansJsonl.Read(Path.Combine(part, "gold.jsonl")).ToLookup(s => s.File, StringComparer.Ordinal);
        var notes = Directory.GetFiles(Path.Combine(part, "notes"), "*.txt").Order(StringComparer.Ordinal)
            .Where(f => include(Path.GetFileName(f)))
            .Select(f => new LabelledNote(File.ReadAllText(f), gold[Path.GetFileName(f)].Select(s => s.Span).ToList()))
            .ToList();
        var clock = Stopwatch.StartNew();
        var tagger = TaggerTraining.Train(notes, epochs, seed);
        return (tagger, clock.Elapsed.TotalSeconds);
    }

    private static void Rows(string trainedOn, string testedOn, (TokenTagger Tagger, double Seconds) trained, string part, Func<string, bool> include)
    {
        var rules = new TextDeidentifier(TextDeidMode.Redact);
        var both = new TextDeidentifier(TextDeidMode.Redact, tagger: trained.Tagger);
        var detectors = new (string Name, Func<string, string, IReadOnlyList<PhiSpan>> Detect)[]
        {
            ("rules", (text, name) => rules.Process(text, name).Spans),
            ("tagger alone", (text, _) => trained.Tagger.Tag(text)),
            ("rules + tagger", (text, name) => both.Process(text, name).Spans),
        };
        foreach (var (name, detect) in detectors)
        {
            var (result, _, rate) = DeidAccuracyBenchmark.Score(detect, part, include);
            var l = result.Lenient;
            string R(PhiCategory c) => DeidAccuracyBenchmark.F(l.ByCategory[c].Recall);
            Console.WriteLine($"| {trainedOn} | {testedOn} | {name} | **{DeidAccuracyBenchmark.F(l.Overall.Recall)}** | {DeidAccuracyBenchmark.F(l.Overall.Precision)} "
                + $"| {DeidAccuracyBenchmark.F(l.Overall.F1)} | {R(PhiCategory.Names)} | {R(PhiCategory.Dates)} | {R(PhiCategory.Numbers)} "
                + $"| {R(PhiCategory.Locations)} | {R(PhiCategory.Contacts)} | {(name == "rules" ? "" : trained.Seconds.ToString("0.0"))} | {rate:N0} |");
        }
    }
}
