using Arcanum.Core.IO;

namespace Arcanum.Deid.Text.Learned;

/// <summary>What <c>arcanum deid train</c> reads: notes (as <c>deid text</c> reads them) and their gold spans.</summary>
public sealed record TaggerTrainingOptions
{
    /// <summary>A folder of .txt notes, one .txt file, or a .jsonl file with an id and a text field.</summary>
    public required string Input { get; init; }

    /// <summary>The gold spans.jsonl: file names or JSONL ids as <c>deid text</c> writes them.</summary>
    public required string Gold { get; init; }

    /// <summary>The model folder to write.</summary>
    public required string Output { get; init; }

    public bool Force { get; init; }

    public int Epochs { get; init; } = 8;

    public int Seed { get; init; } = 1;

    public string IdField { get; init; } = "id";

    public string TextField { get; init; } = "text";
}

/// <summary>
/// <c>arcanum deid train</c>: reads labelled notes, trains a <see cref="TokenTagger"/> and writes its model folder
/// whole (nothing half-written). Checks that the gold spans belong to the notes: a span naming no note, or lying
/// beyond its note's end, is an error (ids that do not line up would otherwise train a model on nothing).
/// </summary>
public static class TaggerTrainingRun
{
    public static TokenTagger Run(TaggerTrainingOptions options, IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(options.Input) && !Directory.Exists(options.Input))
            throw new DeidInputException($"Input '{options.Input}' does not exist.");
        try
        {
            OutputFolder.EnsureReplaceable(options.Output, options.Force, TokenTagger.CardFile);
        }
        catch (IOException e)
        {
            throw new DeidInputException(e.Message);
        }
        var gold = SpansJsonl.Read(options.Gold).ToLookup(s => s.File, StringComparer.Ordinal);
        var source = new TextDeidOptions
        {
            Input = options.Input, Output = options.Output, IdField = options.IdField, TextField = options.TextField,
        };
        var notes = new List<LabelledNote>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (note, _, _) in NoteSource.Read(source))
        {
            ids.Add(note.Id);
            var spans = gold[note.Id].Select(s => s.Span).ToList();
            if (spans.FirstOrDefault(s => s.End > note.Text.Length) is { End: > 0 } beyond)
                throw new DeidInputException($"A gold span of '{note.Id}' ends at character {beyond.End}, beyond the note's "
                    + $"{note.Text.Length}; are the gold offsets for this text?");
            notes.Add(new LabelledNote(note.Text, spans));
        }
        var strangers = gold.Select(g => g.Key).Where(k => !ids.Contains(k)).ToList();
        if (strangers.Count > 0)
            throw new DeidInputException($"{strangers.Count} document(s) in '{options.Gold}' are not among the notes of "
                + $"'{options.Input}' (e.g. '{strangers[0]}'); the gold's file field must be the note's relative path or JSONL id.");
        progress?.Report($"training on {notes.Count:N0} notes with {notes.Sum(n => n.Gold.Count):N0} gold spans "
            + $"({notes.Count(n => n.Gold.Count > 0):N0} notes hold at least one)");
        var tagger = TaggerTraining.Train(notes, options.Epochs, options.Seed, progress, cancellationToken);
        OutputFolder.Write(options.Output, tagger.Save);
        return tagger;
    }
}
