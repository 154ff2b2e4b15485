using System.CommandLine;
using Arcanum.Deid;
using Arcanum.Deid.Text.Learned;
using Spectre.Console;

namespace Arcanum.Cli;

/// <summary>
/// <c>arcanum deid train</c>: learns a PHI tagger from labelled notes, for <c>deid text --model</c>. Prints counts and
/// paths, never text from a note.
/// </summary>
internal static class DeidTrainCommand
{
    public static Command Create(IAnsiConsole console, TextWriter error)
    {
        var input = new Option<string>("--in") { Description = "Labelled notes: a folder of .txt files (read "
            + "recursively), one .txt file, or a .jsonl file of {id, text} objects.", Required = true };
        var gold = new Option<FileInfo>("--gold") { Description = "Their gold spans.jsonl (file = the note's relative "
            + "path or JSONL id; offsets into its text).", Required = true };
        var output = new Option<string>("--out") { Description = "A new or empty folder for the model (tagger.bin, "
            + "tagger.json).", Required = true };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the notes.", DefaultValueFactory = _ => 8 };
        var seed = new Option<int>("--seed") { Description = "Seed of the note order; same notes and seed, same model.",
            DefaultValueFactory = _ => 1 };
        var idField = new Option<string>("--id-field") { Description = "JSONL: the field holding the note id.",
            DefaultValueFactory = _ => "id" };
        var textField = new Option<string>("--text-field") { Description = "JSONL: the field holding the note text.",
            DefaultValueFactory = _ => "text" };
        var force = new Option<bool>("--force") { Description = "Replace an earlier model in --out." };
        var command = new Command("train", "Learn a PHI tagger from labelled notes; deid text --model runs it beside "
            + "the rules. The model holds no word of the notes outside the public word lists.")
        {
            input, gold, output, epochs, seed, idField, textField, force,
        };
        command.SetAction(parse => CommandRunner.Run(error, () =>
        {
            var options = new TaggerTrainingOptions
            {
                Input = parse.GetValue(input)!,
                Gold = parse.GetValue(gold)!.FullName,
                Output = parse.GetValue(output)!,
                Force = parse.GetValue(force),
                Epochs = parse.GetValue(epochs),
                Seed = parse.GetValue(seed),
                IdField = parse.GetValue(idField)!,
                TextField = parse.GetValue(textField)!,
            };
            var tagger = TaggerTrainingRun.Run(options, new ConsoleProgress(console, "deid train"));
            console.MarkupLine($"Trained on {tagger.Card.Notes:N0} notes ({tagger.Card.Tokens:N0} tokens) in "
                + $"{tagger.Card.TrainingSeconds:0.0} s: {tagger.Features:N0} features. Wrote "
                + $"{Markup.Escape(Path.GetFullPath(options.Output))}; use it with deid text --model.");
        }, e => e is DeidInputException));
        return command;
    }
}
