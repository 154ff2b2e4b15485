using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Arcanum.Core.IO;
using Arcanum.Deid.Text.Learned;

namespace Arcanum.Deid.Text;

/// <summary>
/// <c>arcanum deid text</c>: reads the notes, de-identifies them in parallel batches (order kept, memory bounded
/// by one batch), and writes the de-identified files, spans.jsonl and summary.json into a temporary folder beside
/// --out, moved into place only when everything succeeded: a failure (a binary note, a bad JSONL line) leaves
/// nothing behind.
/// </summary>
public static class TextDeidRun
{
    public const string SpansFile = "spans.jsonl";
    public const string SummaryFile = "summary.json";
    private const int Batch = 256;

    public static TextDeidSummary Run(TextDeidOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var tagger = options.Model is null ? null : TokenTagger.Load(options.Model);
        var deidentifier = new TextDeidentifier(options.Mode, options.Key, tagger);
        // Validate checked the output folder is new or empty.
        return OutputFolder.Write(options.Output, temp =>
        {
            var started = time.GetTimestamp();
            var (notes, characters, counts) = Write(options, deidentifier, temp);
            var seconds = time.GetElapsedTime(started).TotalSeconds;
            var summary = new TextDeidSummary(notes, characters, counts, seconds, options.Mode);
            File.WriteAllText(Path.Combine(temp, SummaryFile), SummaryJson(summary));
            return summary;
        });
    }

    private static (int, long, Dictionary<PhiType, int>) Write(
        TextDeidOptions options, TextDeidentifier deidentifier, string temp)
    {
        var counts = PhiTypes.All.ToDictionary(t => t, _ => 0);
        var (notes, characters) = (0, 0L);
        using var spans = new StreamWriter(Path.Combine(temp, SpansFile), false, new UTF8Encoding(false));
        using var jsonl = TextDeidOptions.IsJsonl(options.Input) && !Directory.Exists(options.Input)
            ? new StreamWriter(Path.Combine(temp, Path.GetFileName(options.Input)), false, new UTF8Encoding(false))
            : null;
        foreach (var batch in NoteSource.Read(options).Chunk(Batch))
        {
            var results = new TextDeidResult[batch.Length];
            Parallel.For(0, batch.Length, i => results[i] = deidentifier.Process(batch[i].Note.Text,
                batch[i].Note.Patient));
            for (var i = 0; i < batch.Length; i++)
            {
                var (note, path, row) = batch[i];
                var result = results[i];
                if (path is not null)
                {
                    var target = Path.Combine(temp, path);
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    File.WriteAllText(target, result.Text, new UTF8Encoding(false));
                }
                else
                {
                    // Only the id and the de-identified text: any other field (a name, an MRN, the patient field) would
                    // otherwise pass through in clear.
                    var safe = new JsonObject
                    {
                        [options.IdField] = row![options.IdField]!.DeepClone(),
                        [options.TextField] = result.Text,
                    };
                    jsonl!.WriteLine(safe.ToJsonString());
                }
                foreach (var span in result.Spans)
                {
                    SpansJsonl.Write(spans, new SpanRecord(note.Id, span.Start, span.End, span.Type));
                    counts[span.Type]++;
                }
                notes++;
                characters += note.Text.Length;
            }
        }
        return (notes, characters, counts);
    }

    private static string SummaryJson(TextDeidSummary summary)
    {
        var counts = new JsonObject();
        foreach (var (type, count) in summary.Counts) counts[PhiTypes.ToName(type)] = count;
        var json = new JsonObject
        {
            ["notes"] = summary.Notes,
            ["characters"] = summary.Characters,
            ["spans"] = summary.Spans,
            ["counts"] = counts,
            ["seconds"] = Math.Round(summary.Seconds, 3),
            ["notes_per_second"] = Math.Round(summary.NotesPerSecond, 1),
            ["mode"] = summary.Mode.ToString().ToLowerInvariant(),
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
