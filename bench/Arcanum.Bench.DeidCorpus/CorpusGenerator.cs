using Arcanum.Deid;
using Arcanum.Deid.Synthetic;

namespace Arcanum.Bench.DeidCorpus;

/// <summary>
/// Writes the labelled corpus: <c>dev/</c> and <c>test/</c> (a seeded ~70/30 split by source note; test is held
/// out), each with <c>notes/*.txt</c> and <c>gold.jsonl</c>, and <c>presidio/</c> converted from Presidio's set.
/// The same seed and sources give byte-identical files.
/// </summary>
internal static class CorpusGenerator
{
    public const double DevShare = 0.7;

    public static IReadOnlyList<(SourceNote Source, NoteBuilder Note)> Compose(IReadOnlyList<SourceNote> sources,
        int seed)
    {
        var random = new Random(seed);
        var composer = new NoteComposer(new NameSource(random), random);
        return [.. sources.Select(s => (s, composer.Compose(s)))];
    }

    /// <summary>The source-note ids that go to dev; the rest are test.</summary>
    public static HashSet<string> DevIds(IReadOnlyList<SourceNote> sources, int seed)
    {
        var ids = sources.Select(s => s.Id).ToArray();
        new Random(seed ^ 0x5EED).Shuffle(ids);
        return [.. ids.Take((int)Math.Round(ids.Length * DevShare))];
    }

    public static IReadOnlyList<CorpusSummary> Write(IReadOnlyList<SourceNote> sources, string? presidioPath,
        string outDir, int seed)
    {
        var notes = Compose(sources, seed);
        var dev = DevIds(sources, seed);
        var summaries = new List<CorpusSummary>
        {
            WritePart(Path.Combine(outDir, "dev"), "dev",
                notes.Where(n => dev.Contains(n.Source.Id)).Select(n => Doc(n.Source, n.Note))),
            WritePart(Path.Combine(outDir, "test"), "test",
                notes.Where(n => !dev.Contains(n.Source.Id)).Select(n => Doc(n.Source, n.Note))),
        };
        if (presidioPath is not null)
        {
            var folder = Path.Combine(outDir, "presidio");
            var documents = PresidioConverter.Read(presidioPath).ToList();
            summaries.Add(WritePart(folder, "presidio", documents.Select(d => (d.File, d.Text, d.Spans))));
            using var unscored = new StreamWriter(Path.Combine(folder, "not_scored.jsonl")) { NewLine = "\n" };
            foreach (var d in documents)
                foreach (var (start, end, entity) in d.Unscored)
                    unscored.WriteLine($"{{\"file\":\"{d.File}\",\"start\":{start},\"end\":{end},"
                        + $"\"entity\":\"{entity}\"}}");
        }
        return summaries;
    }

    private static (string File, string Text, IReadOnlyList<SpanRecord> Spans) Doc(SourceNote source, NoteBuilder note)
    {
        var file = source.Id + ".txt";
        return (file, note.Text, [.. note.Spans.Select(s => new SpanRecord(file, s.Start, s.End, s.Type))]);
    }

    private static CorpusSummary WritePart(string folder, string part,
        IEnumerable<(string File, string Text, IReadOnlyList<SpanRecord> Spans)> documents)
    {
        var notesDir = Path.Combine(folder, "notes");
        Directory.CreateDirectory(notesDir);
        var counts = PhiTypes.All.ToDictionary(t => t, _ => 0);
        var (notes, characters) = (0, 0L);
        using var gold = new StreamWriter(Path.Combine(folder, "gold.jsonl")) { NewLine = "\n" };
        foreach (var (file, text, spans) in documents)
        {
            File.WriteAllText(Path.Combine(notesDir, file), text);
            foreach (var span in spans)
            {
                SpansJsonl.Write(gold, span);
                counts[span.Type]++;
            }
            notes++;
            characters += text.Length;
        }
        return new CorpusSummary(part, notes, characters, counts);
    }
}
