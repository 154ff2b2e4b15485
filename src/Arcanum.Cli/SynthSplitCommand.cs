using System.CommandLine;
using System.Globalization;
using Arcanum.Core.IO;
using Arcanum.Data;
using Arcanum.Synthesis;
using Spectre.Console;

namespace Arcanum.Cli;

/// <summary>
/// <c>arcanum synth split</c>: the real table cut into train.csv (to fit on) and holdout.csv (rows the model never
/// sees, for <c>synth evaluate</c>), stratified by the target so both keep its class shares.
/// </summary>
internal static class SynthSplitCommand
{
    public const double DefaultHoldout = 0.25;
    public const int DefaultSeed = 42;

    public static Command Create(IAnsiConsole console, TextWriter error)
    {
        var data = new Option<string>("--data") { Description = "The real table: a CSV file, or a bundled dataset name (pima, breast-cancer, ...).", Required = true };
        var holdout = new Option<double?>("--holdout") { Description = FormattableString.Invariant($"Share of the rows held out, between 0 and 1. [default: {DefaultHoldout}]") };
        var target = new Option<string?>("--target") { Description = "Keep this column's class shares equal in both parts. [default: a bundled dataset's target; none for a CSV]" };
        var seed = new Option<int?>("--seed") { Description = $"Same seed, same split. [default: {DefaultSeed}]" };
        var output = new Option<DirectoryInfo>("--out") { Description = "A new or empty folder for train.csv and holdout.csv.", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace an earlier split (a folder holding train.csv and holdout.csv)." };
        var command = new Command("split", "Split a real table into train.csv and holdout.csv, to fit on one and evaluate against the other.")
        {
            data, holdout, target, seed, output, force,
        };
        command.SetAction(parse => SynthCommand.Run(error, () =>
        {
            var fraction = parse.GetValue(holdout) ?? DefaultHoldout;
            if (!(fraction > 0 && fraction < 1))
                throw new SynthesisException(FormattableString.Invariant($"--holdout must be between 0 and 1 (a share of the rows, e.g. 0.25), not {fraction}."));
            var outDir = Path.GetFullPath(parse.GetValue(output)!.FullName.TrimEnd('/', Path.DirectorySeparatorChar));
            EnsureWritable(outDir, parse.GetValue(force));
            var name = parse.GetValue(data)!;
            var table = SynthTables.Read(name, console);
            var stratify = parse.GetValue(target) ?? SynthTables.TryBundled(name)?.Target;
            int[] labels;
            if (stratify is null)
            {
                labels = new int[table.RowCount];
            }
            else
            {
                if (!table.Contains(stratify))
                    throw new SynthesisException($"--target '{stratify}' is not a column. Columns: {string.Join(", ", table.Columns.Select(c => c.Name))}.");
                var codes = new Dictionary<string, int>(StringComparer.Ordinal);
                labels = [.. Enumerable.Range(0, table.RowCount).Select(r => Code(codes, table[stratify].RawValue(r) ?? ""))];
            }
            var (train, held) = Splits.Stratified(labels, fraction, parse.GetValue(seed) ?? DefaultSeed);
            Write(outDir, table.Select(train), table.Select(held));
            var by = stratify is null ? "at random" : $"keeping the shares of {stratify}";
            console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"Split {table.RowCount} rows {by}: {train.Length} to {Path.Combine(outDir, "train.csv")}, {held.Length} to {Path.Combine(outDir, "holdout.csv")}.")));
        }));
        return command;
    }

    private static int Code(Dictionary<string, int> codes, string value)
    {
        if (!codes.TryGetValue(value, out var code)) codes[value] = code = codes.Count;
        return code;
    }

    private static void EnsureWritable(string full, bool force)
    {
        if (File.Exists(full)) throw new SynthesisException($"Output '{full}' is a file; choose a folder name.");
        if (!Directory.Exists(full) || !Directory.EnumerateFileSystemEntries(full).Any()) return;
        if (!force) throw new SynthesisException($"Output folder '{full}' exists and is not empty; choose a new folder, or add --force to replace an earlier split.");
        var names = Directory.EnumerateFileSystemEntries(full).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        if (!names.SequenceEqual(["holdout.csv", "train.csv"]))
            throw new SynthesisException($"Output folder '{full}' holds more than an earlier split (train.csv and holdout.csv); --force only replaces a split. Choose a new folder.");
    }

    private static void Write(string full, Data.Tables.DataTable train, Data.Tables.DataTable holdout)
    {
        OutputFolder.Write(full, temporary =>
        {
            CsvTableWriter.Write(Path.Combine(temporary, "train.csv"), train);
            CsvTableWriter.Write(Path.Combine(temporary, "holdout.csv"), holdout);
        });
    }
}
