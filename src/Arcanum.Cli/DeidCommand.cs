using System.CommandLine;
using Arcanum.Deid;
using Arcanum.Dicom;
using Arcanum.Dicom.Deid;
using Spectre.Console;

namespace Arcanum.Cli;

/// <summary>
/// <c>arcanum deid</c>: de-identification of data that must leave the hospital. <c>dicom</c> applies the DICOM
/// PS3.15 Annex E Basic Profile to a folder of files. Output names counts and paths, never a value from the data.
/// </summary>
internal static class DeidCommand
{
    public static Command Create(IAnsiConsole console, TextWriter error) =>
        new("deid", "De-identify data before it leaves the hospital: clinical notes, tables and DICOM files, and score a "
            + "de-identifier against gold spans.")
        {
            Dicom(console, error),
            DeidTableCommand.Create(console, error),
            DeidTextCommand.Create(console, error),
            DeidTrainCommand.Create(console, error),
            DeidEvaluateCommand.Create(console, error),
        };

    private static Command Dicom(IAnsiConsole console, TextWriter error)
    {
        var input = new Option<DirectoryInfo>("--in") { Description = "Folder of DICOM files (read recursively).",
            Required = true };
        var output =
            new Option<DirectoryInfo>("--out") { Description = "A new or empty folder: the same relative "
                + "paths, plus summary.json.", Required = true };
        var keyFile =
            new Option<FileInfo>("--key-file") { Description = "The project key (at least 16 random bytes).",
                Required = true };
        var dates =
            new Option<string?>("--dates") { Description = "shift: move each patient's dates by one keyed "
                + "offset, keeping intervals; remove: empty or drop them. [default: shift]" };
        dates.AcceptOnlyFromAmong("shift", "remove");
        var allowBurnedIn =
            new Option<bool>("--allow-burned-in") { Description = "Also write images that declare burned-in "
                + "annotation (their pixels may show patient data)." };
        var keepPaths =
            new Option<bool>("--keep-paths") { Description = "Keep the input's relative paths instead of naming files "
                + "STUDY/SERIES/INSTANCE.dcm by their new UIDs (only for paths known to hold no names or numbers)." };
        var command = new Command("dicom",
            "Apply the DICOM PS3.15 Annex E Basic Application Level Confidentiality Profile to every file in a folder.")
        {
            input, output, keyFile, dates, allowBurnedIn, keepPaths,
        };
        command.SetAction(parse => Run(error, () =>
        {
            var key = ProjectKey.Read(parse.GetValue(keyFile)!.FullName);
            var options = new DeidOptions
            {
                Key = key,
                Dates = parse.GetValue(dates) == "remove" ? DateMode.Remove : DateMode.Shift,
                AllowBurnedIn = parse.GetValue(allowBurnedIn),
                KeepPaths = parse.GetValue(keepPaths),
            };
            var outDir = parse.GetValue(output)!.FullName;
            var summary = DicomFolderDeidentifier.Run(parse.GetValue(input)!.FullName, outDir, options);
            console.MarkupLine($"De-identified {summary.FilesDone} file(s); wrote {summary.FilesWritten} to "
                + $"{Markup.Escape(outDir)} (dates: {summary.Dates}; named by {summary.Names}).");
            foreach (var (action, count) in summary.Actions) console.MarkupLine($"  {Markup.Escape(action)}: {count}");
            if (summary.FilesWithoutPatientId > 0)
                console.MarkupLine($"[yellow]{summary.FilesWithoutPatientId} file(s) had no Patient ID: their "
                    + $"dates were shifted per study instead of per patient.[/]");
            if (summary.FlaggedBurnedIn.Count > 0)
            {
                var what = summary.BurnedInWritten ? "written anyway (--allow-burned-in)"
                    : "NOT written; check the pixels, then rerun with --allow-burned-in";
                console.MarkupLine($"[yellow]{summary.FlaggedInputs.Count} image(s) declare burned-in "
                    + $"annotation, {what}: {Markup.Escape(string.Join(", ", summary.FlaggedInputs))}[/]");
            }
            console.MarkupLine($"Summary: {Markup.Escape(Path.Combine(outDir, DicomFolderDeidentifier.SummaryFile))}");
        }));
        return command;
    }

    private static int Run(TextWriter error, Action action) => CommandRunner.Run(error, action, e => e is DicomException or DeidInputException);
}
