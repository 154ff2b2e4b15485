using System.Diagnostics;
using Arcanum.Bench.DeidCorpus;
using Arcanum.Deid;

namespace Arcanum.Bench;

/// <summary>
/// <c>deid-corpus --out DIR [--seed 1] [--source DIR] [--presidio FILE]</c>: writes the labelled development and
/// held-out test corpus for text de-identification (see bench/Arcanum.Bench.DeidCorpus) and prints what it holds.
/// The notes stay outside the repository: the sources are CC BY 4.0 and read-only.
/// </summary>
internal static class DeidCorpusCommand
{
    public static int Run(string[] args)
    {
        var outDir = Args.String(args, "--out", "");
        if (outDir.Length == 0)
        {
            Console.Error.WriteLine("usage: deid-corpus --out DIR [--seed 1] [--source DIR] [--presidio FILE|none]");
            return 2;
        }
        if (Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any())
        {
            Console.Error.WriteLine($"error: '{outDir}' is not empty; give a new or empty folder.");
            return 2;
        }
        var seed = Args.Int(args, "--seed", 1);
        var source = Args.String(args, "--source", "/work/shared/data/clinical_text");
        var presidio = Args.String(args, "--presidio", "/work/shared/data/presidio_synth_pii_v2.json");
        var clock = Stopwatch.StartNew();
        var sources = SourceNotes.Read(source);
        var summaries = CorpusGenerator.Write(sources, presidio == "none" ? null : presidio, outDir, seed);
        Console.WriteLine($"Wrote {outDir} from {sources.Count} source notes, seed {seed}, in "
            + $"{clock.Elapsed.TotalSeconds:F1} s.");
        Console.WriteLine($"{"type",-12}" + string.Concat(summaries.Select(s => $"{s.Part,10}")));
        Console.WriteLine($"{"notes",-12}" + string.Concat(summaries.Select(s => $"{s.Notes,10}")));
        Console.WriteLine($"{"characters",-12}" + string.Concat(summaries.Select(s => $"{s.Characters,10}")));
        foreach (var type in PhiTypes.All)
            Console.WriteLine($"{PhiTypes.ToName(type),-12}"
                + string.Concat(summaries.Select(s => $"{s.Spans[type],10}")));
        Console.WriteLine($"{"all spans",-12}" + string.Concat(summaries.Select(s => $"{s.Spans.Values.Sum(),10}")));
        return 0;
    }
}
