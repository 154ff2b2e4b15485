using System.Diagnostics;
using System.Text;
using Arcanum.Deid.Text;

namespace Arcanum.Bench;

/// <summary>
/// Speed of <c>arcanum deid text</c>'s engine on ~1 KB notes cut from the ACI-Bench and MTS-Dialog CSVs (read in
/// place, never copied): notes/s on one thread and on all cores, redact and surrogate, beside PhysioNet deid 1.1's
/// 17.5 notes/s on one EPYC core (privacy_anchors.md §1b). The notes here hold little PHI, so this measures the
/// cost of scanning, which is what dominates real notes too. <c>--model DIR</c> (from <c>deid train</c>) adds rows with
/// the learned tagger beside the rules, as <c>deid text --model</c> runs it.
/// </summary>
internal static class DeidSpeedBenchmark
{
    private const double Deid11NotesPerSecond = 17.5;

    public static int Run(string[] args)
    {
        var root = Args.String(args, "--data", "/work/shared/data/clinical_text");
        var count = Args.Int(args, "--notes", 5000);
        var size = Args.Int(args, "--note-chars", 1000);
        if (!Directory.Exists(root))
        {
            Console.Error.WriteLine($"deid-speed: {root} does not exist; pass --data with the clinical_text folder.");
            return 2;
        }
        var notes = Notes(root, size, count);
        Console.WriteLine($"{notes.Count} notes, mean {notes.Average(n => n.Length):0} chars, "
            + $"{Environment.ProcessorCount} cores");
        var redact = new TextDeidentifier(TextDeidMode.Redact);
        var surrogate = new TextDeidentifier(TextDeidMode.Surrogate, Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        var model = Args.String(args, "--model", "");
        var learned = model.Length > 0 ? new TextDeidentifier(TextDeidMode.Redact, tagger: Arcanum.Deid.Text.Learned.TokenTagger.Load(model)) : null;
        var spans = 0;
        foreach (var note in notes) spans += redact.Process(note, "warm").Spans.Count;   // JIT and tiering warm-up
        Console.WriteLine($"{"configuration",-28} {"notes/s",10} {"vs deid 1.1",12}");
        var configurations = new List<(string, TextDeidentifier, bool)>
        {
            ("redact, 1 thread", redact, false), ("redact, all cores", redact, true),
            ("surrogate, all cores", surrogate, true),
        };
        if (learned is not null)
        {
            foreach (var note in notes) learned.Process(note, "warm");
            configurations.Add(("redact + tagger, 1 thread", learned, false));
            configurations.Add(("redact + tagger, all cores", learned, true));
        }
        foreach (var (name, engine, parallel) in configurations)
        {
            var clock = Stopwatch.StartNew();
            spans = 0;
            if (parallel)
                Parallel.For(0, notes.Count, () => 0, (i, _, local) => local + engine.Process(notes[i], $"p{i % 50}").Spans.Count,
                    local => Interlocked.Add(ref spans, local));
            else
                for (var i = 0; i < notes.Count; i++) spans += engine.Process(notes[i], $"p{i % 50}").Spans.Count;
            var rate = notes.Count / clock.Elapsed.TotalSeconds;
            Console.WriteLine($"{name,-28} {rate,10:N0} {rate / Deid11NotesPerSecond,11:N0}x   ({spans} spans)");
        }
        Console.WriteLine($"{"PhysioNet deid 1.1 (1 core)",-28} {Deid11NotesPerSecond,10:N1}");
        return 0;
    }

    /// <summary>The text cells of every CSV, cut at word boundaries into notes of about <paramref name="size"/>.</summary>
    private static List<string> Notes(string root, int size, int count)
    {
        var pieces = new List<string>();
        foreach (var file in Directory.EnumerateFiles(root, "*.csv", SearchOption.AllDirectories).Order())
        {
            if (file.Contains("metadata", StringComparison.Ordinal)) continue;
            foreach (var cell in Cells(File.ReadAllText(file)).Where(c => c.Length > 200))
                for (var at = 0; at < cell.Length - size / 2;)
                {
                    var end = Math.Min(cell.Length, at + size);
                    while (end < cell.Length && !char.IsWhiteSpace(cell[end])) end++;
                    pieces.Add(cell[at..end]);
                    at = end;
                }
        }
        return Enumerable.Range(0, count).Select(i => pieces[i % pieces.Count]).ToList();
    }

    /// <summary>RFC 4180 cells: quoted cells may hold commas, newlines and doubled quotes.</summary>
    private static IEnumerable<string> Cells(string csv)
    {
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c != '"') cell.Append(c);
                else if (i + 1 < csv.Length && csv[i + 1] == '"') cell.Append(csv[++i]);
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c is ',' or '\n')
            {
                yield return cell.ToString();
                cell.Clear();
            }
            else if (c != '\r') cell.Append(c);
        }
        if (cell.Length > 0) yield return cell.ToString();
    }
}
