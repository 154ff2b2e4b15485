using System.CommandLine;
using Arcanum.Deid;
using Arcanum.Deid.Text;
using Spectre.Console;

namespace Arcanum.Cli;

/// <summary>
/// <c>arcanum deid text</c>: de-identifies clinical notes (a folder of .txt files, one .txt file or a .jsonl file)
/// into a new folder with spans.jsonl and summary.json. Prints counts and paths, never text from a note.
/// </summary>
internal static class DeidTextCommand
{
    public static Command Create(IAnsiConsole console, TextWriter error)
    {
        var input = new Option<string>("--in") { Description = "A folder of .txt notes (read recursively), one "
            + ".txt file, or a .jsonl file of {id, text} objects.", Required = true };
        var output = new Option<string>("--out") { Description = "A new or empty folder: the de-identified notes, "
            + "spans.jsonl (offsets into the original text, never the text) and summary.json.", Required = true };
        var mode = new Option<string?>("--mode") { Description = "redact: write [TYPE] in place of each identifier; "
            + "surrogate: a realistic keyed stand-in, dates shifted per patient (needs --key-file). "
            + "[default: redact]" };
        mode.AcceptOnlyFromAmong("redact", "surrogate");
        var keyFile = new Option<FileInfo?>("--key-file") { Description = "The project key (at least 16 random "
            + "bytes); needed for --mode surrogate." };
        var idField = new Option<string>("--id-field") { Description = "JSONL: the field holding the note id.",
            DefaultValueFactory = _ => "id" };
        var textField = new Option<string>("--text-field") { Description = "JSONL: the field holding the note "
            + "text.", DefaultValueFactory = _ => "text" };
        var patientField = new Option<string?>("--patient-field") { Description = "JSONL: the field naming the "
            + "patient, so dates shift together across that patient's notes. [default: each id is a patient]" };
        var model = new Option<string?>("--model") { Description = "A model folder from deid train: its learned "
            + "tagger runs beside the rules and can only add spans." };
        var command = new Command("text", "De-identify clinical notes: names, places, dates, ages over 89, contacts "
            + "and identifying numbers become [TYPE] or keyed surrogates.")
        {
            input, output, mode, keyFile, model, idField, textField, patientField,
        };
        command.SetAction(parse => CommandRunner.Run(error, () =>
        {
            var surrogate = parse.GetValue(mode) == "surrogate";
            var key = parse.GetValue(keyFile) is { } file ? ProjectKey.Read(file.FullName) : null;
            var options = new TextDeidOptions
            {
                Input = parse.GetValue(input)!,
                Output = parse.GetValue(output)!,
                Mode = surrogate ? TextDeidMode.Surrogate : TextDeidMode.Redact,
                Key = key,
                Model = parse.GetValue(model),
                IdField = parse.GetValue(idField)!,
                TextField = parse.GetValue(textField)!,
                PatientField = parse.GetValue(patientField),
            };
            var summary = TextDeidRun.Run(options, TimeProvider.System);
            var outDir = Path.GetFullPath(options.Output);
            console.MarkupLine($"De-identified {summary.Notes:N0} note(s), {summary.Characters:N0} characters, "
                + $"{summary.Spans:N0} identifier(s) ({summary.NotesPerSecond:N0} notes/s, mode "
                + $"{summary.Mode.ToString().ToLowerInvariant()}) into {Markup.Escape(outDir)}.");
            foreach (var (type, count) in summary.Counts.Where(c => c.Value > 0))
                console.MarkupLine($"  {PhiTypes.ToName(type)}: {count:N0}");
        }, e => e is DeidInputException));
        return command;
    }
}
