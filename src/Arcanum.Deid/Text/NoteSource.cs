using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Arcanum.Deid.Text;

/// <summary>
/// The notes of an input, one at a time (memory stays flat in the number of notes): the .txt files of a folder in
/// ordinal path order, one .txt file, or the lines of a .jsonl file. Each comes with what is needed to write it
/// back: the relative path, or the JSON object whose text field is replaced.
/// </summary>
internal static class NoteSource
{
    public static IEnumerable<(Note Note, string? Path, JsonObject? Row)> Read(TextDeidOptions options)
    {
        if (Directory.Exists(options.Input)) return Folder(options.Input);
        if (TextDeidOptions.IsJsonl(options.Input)) return Jsonl(options);
        return One(options.Input);
    }

    private static IEnumerable<(Note, string?, JsonObject?)> Folder(string folder)
    {
        var files = Directory.EnumerateFiles(folder, "*.txt", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        foreach (var relative in files)
        {
            var text = NoteText.Decode(File.ReadAllBytes(Path.Combine(folder, relative)), relative);
            yield return (new Note(relative, relative, text), relative, null);
        }
    }

    private static IEnumerable<(Note, string?, JsonObject?)> One(string file)
    {
        var name = Path.GetFileName(file);
        yield return (new Note(name, name, NoteText.Decode(File.ReadAllBytes(file), name)), name, null);
    }

    private static IEnumerable<(Note, string?, JsonObject?)> Jsonl(TextDeidOptions options)
    {
        var name = Path.GetFileName(options.Input);
        using var reader = NoteText.Reader(options.Input);
        var number = 0;
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        while (true)
        {
            string? line;
            try
            {
                line = reader.ReadLine();
            }
            catch (DecoderFallbackException)
            {
                throw new DeidInputException($"'{name}' is not valid UTF-8 text (after line {number}); "
                    + "nothing was written.");
            }
            if (line is null) yield break;
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            if (line.Contains('\0'))
                throw new DeidInputException($"'{name}' line {number} holds a NUL character; nothing was written.");
            var row = Row(line, name, number, options);
            // spans.jsonl names notes by id, so two notes with one id could not be told apart.
            if (!seen.TryAdd(row.Item1.Id, number))
                throw new DeidInputException($"'{name}' line {number} repeats the id of line {seen[row.Item1.Id]}; "
                    + "every note needs its own id. Nothing was written.");
            yield return row;
        }
    }

    private static (Note, string?, JsonObject?) Row(string line, string name, int number, TextDeidOptions options)
    {
        string Where() => $"'{name}' line {number}";
        JsonObject row;
        try
        {
            row = JsonNode.Parse(line) as JsonObject
                ?? throw new DeidInputException($"{Where()} is not a JSON object.");
        }
        catch (JsonException)
        {
            throw new DeidInputException($"{Where()} is not valid JSON.");
        }
        var id = Scalar(row, options.IdField)
            ?? throw new DeidInputException($"{Where()} has no \"{options.IdField}\" string or number (--id-field).");
        if (row[options.TextField] is not JsonValue value || !value.TryGetValue<string>(out var text))
            throw new DeidInputException($"{Where()} has no \"{options.TextField}\" string (--text-field).");
        var patient = id;
        if (options.PatientField is { } field)
            patient = Scalar(row, field)
                ?? throw new DeidInputException($"{Where()} has no \"{field}\" string or number (--patient-field).");
        return (new Note(id, patient, text), null, row);
    }

    private static string? Scalar(JsonObject row, string field) => row[field] switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
        _ => null,
    };
}
