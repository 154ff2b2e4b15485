using System.Diagnostics;
using Arcanum.Bench.DeidCorpus;
using Arcanum.Deid;
using Arcanum.Deid.Evaluation;
using Arcanum.Deid.Text;

namespace Arcanum.Bench;

/// <summary>
/// <c>deid-accuracy [--seed 1] [--source DIR] [--presidio FILE]</c>: how well <c>arcanum deid text</c> finds PHI. Builds
/// the labelled corpus (bench/Arcanum.Bench.DeidCorpus) in a temporary folder, de-identifies its development part, its
/// held-out test part and the converted Presidio set in process, and scores each against its gold spans: lenient
/// (PhysioNet: any overlap) and exact recall/precision, character recall, and recall of names, dates, numbers,
/// locations, contacts and ages each on its own. Beside it, the published figures of Philter and PhysioNet deid 1.1
/// (on their own corpora, i2b2 and the PhysioNet gold standard, so the comparison is of targets, not of one test set).
/// Predicted Presidio spans that touch only a span Safe Harbor lets stay (<c>not_scored.jsonl</c>) are not counted.
/// </summary>
internal static class DeidAccuracyBenchmark
{
    public static int Run(string[] args)
    {
        var seed = Args.Int(args, "--seed", 1);
        var source = Args.String(args, "--source", "/work/shared/data/clinical_text");
        var presidio = Args.String(args, "--presidio", "/work/shared/data/presidio_synth_pii_v2.json");
        if (!Directory.Exists(source) || !File.Exists(presidio))
        {
            Console.Error.WriteLine($"deid-accuracy: {source} or {presidio} is missing; pass --source and --presidio.");
            return 2;
        }
        var dir = Directory.CreateTempSubdirectory("arcanum-deid-accuracy-").FullName;
        try
        {
            CorpusGenerator.Write(SourceNotes.Read(source), presidio, dir, seed);
            var engine = new TextDeidentifier(TextDeidMode.Redact);
            Console.WriteLine($"Corpus seed {seed} (dev = tuning part, test = held out). Lenient = any overlap, any type.");
            Console.WriteLine();
            Console.WriteLine("| part | notes | gold spans | lenient R | lenient P | lenient F1 | exact R | exact P | char R "
                + "| names R | dates R | numbers R | locations R | contacts R | ages R | notes/s (1 thread) |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            var results = new Dictionary<string, EvaluationResult>();
            foreach (var part in new[] { "dev", "test", "presidio" })
            {
                var (result, notes, rate) = Score((text, name) => engine.Process(text, name).Spans, Path.Combine(dir, part));
                results[part] = result;
                var l = result.Lenient;
                var e = result.Exact.Overall;
                string R(PhiCategory c) => F(l.ByCategory[c].Recall);
                Console.WriteLine($"| {part} | {notes} | {l.Overall.Gold} | **{F(l.Overall.Recall)}** | **{F(l.Overall.Precision)}** "
                    + $"| {F(l.Overall.F1)} | {F(e.Recall)} | {F(e.Precision)} | {F(result.Characters.Overall.Recall)} "
                    + $"| {R(PhiCategory.Names)} | {R(PhiCategory.Dates)} | {R(PhiCategory.Numbers)} "
                    + $"| {R(PhiCategory.Locations)} | {R(PhiCategory.Contacts)} | {R(PhiCategory.Ages)} | {rate:N0} |");
            }
            Console.WriteLine("| Philter (published, i2b2 2014 / UCSF) | | | 0.99 | 0.75 | | | | | | | | | | | |");
            Console.WriteLine("| PhysioNet deid 1.1 (published, its gold standard) | 2,434 | 1,779 | 0.967 | 0.748 | 0.842 | | | | | | | | | | 17.5 |");
            Console.WriteLine("| target (issue 9, held-out part) | | | ≥ 0.98 | ≥ 0.90 | | | | | | | | | | | ≥ 1,000 (2 cores) |");
            Console.WriteLine();
            Console.WriteLine("Recall per type (lenient), beside what Presidio's built-in recognisers cover "
                + "(privacy_anchors.md §1a; Presidio publishes no recall figures):");
            Console.WriteLine("| type | dev | test | presidio set | Presidio built-in |");
            Console.WriteLine("|---|---:|---:|---:|---|");
            foreach (var type in PhiTypes.All)
                Console.WriteLine($"| {PhiTypes.ToName(type)} | "
                    + string.Join(" | ", results.Values.Select(r => Cell(r.Lenient.ByType[type])))
                    + $" | {PresidioCoverage.GetValueOrDefault(type, "-")} |");
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>What Presidio's predefined recognisers do for each type (privacy_anchors.md §1a).</summary>
    private static readonly Dictionary<PhiType, string> PresidioCoverage = new()
    {
        [PhiType.Name] = "PERSON (spaCy NER)",
        [PhiType.Location] = "LOCATION (NER)",
        [PhiType.Zip] = "none for US ZIP",
        [PhiType.Date] = "DATE_TIME (pattern + NER), no shifting",
        [PhiType.Age] = "none (no over-89 rule)",
        [PhiType.Phone] = "PHONE_NUMBER (phonenumbers)",
        [PhiType.Email] = "EMAIL_ADDRESS",
        [PhiType.Url] = "URL",
        [PhiType.IpAddress] = "IP_ADDRESS",
        [PhiType.Ssn] = "US_SSN",
        [PhiType.Mrn] = "none (custom recogniser needed)",
        [PhiType.Account] = "CREDIT_CARD, IBAN, US_BANK_NUMBER",
        [PhiType.HealthPlan] = "US_MBI only",
        [PhiType.License] = "US_DRIVER_LICENSE, MEDICAL_LICENSE",
        [PhiType.Device] = "none",
        [PhiType.Vehicle] = "none for US plates",
        [PhiType.Id] = "custom recognisers only",
    };

    /// <summary>Scores <paramref name="detect"/> (text, note name → spans) on a corpus part, or on the notes of it that
    /// <paramref name="include"/> keeps.</summary>
    internal static (EvaluationResult Result, int Notes, double NotesPerSecond) Score(Func<string, string, IReadOnlyList<PhiSpan>> detect,
        string part, Func<string, bool>? include = null)
    {
        include ??= _ => true;
        var gold = SpansJsonl.Read(Path.Combine(part, "gold.jsonl")).Where(g => include(g.File)).ToList();
        var ignored = NotScored(Path.Combine(part, "not_scored.jsonl")).ToLookup(s => s.File);
        var goldByFile = gold.ToLookup(s => s.File);
        var files = Directory.GetFiles(Path.Combine(part, "notes"), "*.txt").Where(f => include(Path.GetFileName(f)))
            .Order(StringComparer.Ordinal).ToList();
        var texts = files.Select(File.ReadAllText).ToList();
        var predicted = new List<SpanRecord>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < files.Count; i++)
        {
            var name = Path.GetFileName(files[i]);
            foreach (var span in detect(texts[i], name))
            {
                var touchesGold = goldByFile[name].Any(g => g.Span.Overlaps(span));
                if (!touchesGold && ignored[name].Any(n => n.Span.Overlaps(span))) continue;
                predicted.Add(new SpanRecord(name, span.Start, span.End, span.Type));
            }
        }
        var rate = files.Count / clock.Elapsed.TotalSeconds;
        return (DeidEvaluator.Evaluate(gold, predicted), files.Count, rate);
    }

    /// <summary>The spans Safe Harbor lets stay ({"file", "start", "end", "entity"} per line; entity is Presidio's).</summary>
    private static IEnumerable<SpanRecord> NotScored(string path)
    {
        if (!File.Exists(path)) yield break;
        foreach (var line in File.ReadLines(path))
        {
            using var json = System.Text.Json.JsonDocument.Parse(line);
            var root = json.RootElement;
            yield return new SpanRecord(root.GetProperty("file").GetString()!, root.GetProperty("start").GetInt32(),
                root.GetProperty("end").GetInt32(), PhiType.Id);
        }
    }

    private static string Cell(Score score) => score.Gold == 0 ? "-" : $"{F(score.Recall)} ({score.Gold})";

    internal static string F(double? value) => value is { } v ? v.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) : "-";
}
