using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Arcanum.Cases.Knowledge;
using Arcanum.Core.IO;
using Arcanum.Deid;

namespace Arcanum.Cases.Notes;

/// <summary>
/// <c>arcanum cases notes</c>: one labelled note per case into a folder written whole: <c>case-ID.txt</c> files,
/// <see cref="GoldFile"/> (the gold spans, in the format <c>deid train --gold</c> and <c>deid evaluate --gold</c>
/// read, the file field being the note's name) and <see cref="ManifestFile"/>. Everything is checked before the
/// folder appears: a bad case anywhere leaves nothing behind.
/// </summary>
public static class CaseNotesRun
{
    public const string GoldFile = "gold.jsonl";

    /// <summary>Written only by this command, so <c>--force</c> knows the folder is its own to replace.</summary>
    public const string ManifestFile = "case-notes.json";

    private const int ReportEvery = 10_000;

    /// <exception cref="CasesException">A file is missing or malformed, a case does not fit the knowledge base, or the
    /// output folder is not new, empty or (with force) an earlier output.</exception>
    public static CaseNotesSummary Run(CaseNotesOptions options, IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Limit is < 1) throw new CasesException("--limit must be 1 or more.");
        try
        {
            OutputFolder.EnsureReplaceable(options.Output, options.Force, ManifestFile);
        }
        catch (IOException e)
        {
            throw new CasesException(e.Message, e);
        }
        var kb = KnowledgeBaseFile.Read(options.KnowledgeBase);
        using var cases = CaseCsvReader.Open(options.Cases);
        var clock = Stopwatch.StartNew();
        return OutputFolder.Write(options.Output, folder =>
        {
            var composer = new CaseNoteComposer(kb, options.Seed);
            var spans = PhiTypes.All.ToDictionary(t => t, _ => 0);
            var (notes, characters) = (0, 0L);
            var files = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var goldPath = Path.Combine(folder, GoldFile);
            using (var gold = new StreamWriter(goldPath, false, new UTF8Encoding(false)) { NewLine = "\n" })
            {
                foreach (var record in cases.Cases())
                {
                    if (notes == options.Limit) break;
                    cancellationToken.ThrowIfCancellationRequested();
                    var note = composer.Compose(record);
                    // Case-insensitive: on some file systems case-A and case-a would be one file.
                    if (!files.Add(note.File))
                        throw new CasesException(
                            $"Case at row {record.Row}: its id repeats an earlier case's; every case needs its own.");
                    File.WriteAllText(Path.Combine(folder, note.File), note.Text);
                    foreach (var span in note.Spans)
                    {
                        SpansJsonl.Write(gold, new SpanRecord(note.File, span.Start, span.End, span.Type));
                        spans[span.Type]++;
                    }
                    notes++;
                    characters += note.Text.Length;
                    if (notes % ReportEvery == 0)
                        progress?.Report(string.Create(CultureInfo.InvariantCulture,
                            $"{notes:N0} notes ({notes / clock.Elapsed.TotalSeconds:N0} notes/s)"));
                }
            }
            if (notes == 0) throw new CasesException($"'{options.Cases}' holds no cases.");
            var summary = new CaseNotesSummary(notes, characters, spans.Where(s => s.Value > 0).ToDictionary(),
                Math.Round(clock.Elapsed.TotalSeconds, 2));
            File.WriteAllText(Path.Combine(folder, ManifestFile), Manifest(options, kb, summary));
            return summary;
        });
    }

    /// <summary>Where the notes came from and what they hold, never a word of them.</summary>
    private static string Manifest(CaseNotesOptions options, KnowledgeBase kb, CaseNotesSummary summary) =>
        JsonSerializer.Serialize(new
        {
            format = "arcanum-case-notes/1",
            cases = Path.GetFileName(options.Cases),
            knowledgeBase = kb.Name ?? Path.GetFileName(options.KnowledgeBase),
            seed = options.Seed,
            notes = summary.Notes,
            characters = summary.Characters,
            gold = GoldFile,
            spans = summary.Spans.ToDictionary(s => PhiTypes.ToName(s.Key), s => s.Value),
        }, new JsonSerializerOptions { WriteIndented = true }) + "\n";
}
