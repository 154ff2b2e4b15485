using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Arcanum.Data;
using Arcanum.Data.Tables;
using Arcanum.Synthesis.Evaluation;
using Spectre.Console;

namespace Arcanum.Cli;

/// <summary>
/// <c>arcanum synth evaluate</c>: fidelity, utility (train on synthetic, test on real) and privacy of a
/// synthetic table against the real training rows and a real holdout, written as metrics.json and
/// report.html. The holdout and synthetic files are read with the real file's column types.
/// </summary>
internal static class SynthEvaluateCommand
{
    public static Command Create(IAnsiConsole console, TextWriter error)
    {
        var real = new Option<string>("--real") { Description = "The real rows the generator was trained on: a CSV (e.g. train.csv from `synth split`), or the bundled dataset it was fitted on.", Required = true };
        var holdout = new Option<string>("--holdout") { Description = "Real rows from the same source that the generator never saw (CSV; `synth split` makes one).", Required = true };
        var synthetic = new Option<string>("--synthetic") { Description = "The generated rows (CSV), with the real table's columns.", Required = true };
        var target = new Option<string>("--target") { Description = "The column the utility classifiers predict.", Required = true };
        var positive = new Option<string?>("--positive") { Description = "The target value that is the positive class for AUROC; without it a two-valued target uses its last value in sorted order." };
        var ids = new Option<string[]>("--ids") { Description = "Columns that identify rows and are never compared (comma-separated or repeated), besides those detected.", AllowMultipleArgumentsPerToken = true };
        var seed = new Option<int?>("--seed") { Description = $"Seed of the subsamples and the random forest. [default: {EvaluationOptions.DefaultSeed}]" };
        var output = new Option<DirectoryInfo>("--out") { Description = "A new or empty folder for metrics.json and report.html.", Required = true };
        var command = new Command("evaluate", "Compare a synthetic table with the real rows it was trained on and a real holdout: fidelity, train-on-synthetic utility and privacy (distances, membership inference).")
        {
            real, holdout, synthetic, target, positive, ids, seed, output,
        };
        command.SetAction(parse => Run(console, error, () =>
        {
            var options = new EvaluationOptions { Target = parse.GetValue(target)!, Positive = parse.GetValue(positive) };
            if (parse.GetValue(seed) is { } s) options = options with { Seed = s };
            var identifiers = (parse.GetValue(ids) ?? []).SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToArray();
            return new Request(parse.GetValue(real)!, parse.GetValue(holdout)!, parse.GetValue(synthetic)!, identifiers, options, parse.GetValue(output)!.ToString());
        }));
        return command;
    }

    private sealed record Request(string Real, string Holdout, string Synthetic, IReadOnlyList<string> Identifiers, EvaluationOptions Options, string Output);

    private static int Run(IAnsiConsole console, TextWriter error, Func<Request> parse)
    {
        try
        {
            var request = parse();
            request.Options.Validate();
            var bundled = SynthTables.TryBundled(request.Real);
            if (bundled is null && !File.Exists(request.Real))
                throw new FileNotFoundException($"Cannot read table: '{request.Real}' is neither a file nor a bundled dataset ({string.Join(", ", BundledDatasets.Names)}).", request.Real);
            foreach (var (path, option) in new[] { (request.Holdout, "--holdout"), (request.Synthetic, "--synthetic") })
            {
                if (File.Exists(path)) continue;
                if (option == "--holdout" && SynthTables.TryBundled(path) is { } whole)
                    throw new ArgumentException($"--holdout needs rows the model never saw, and {whole.Name} is the whole table. Split it first: `arcanum synth split --data {whole.Name} --out split`, fit on split/train.csv, and evaluate with --real split/train.csv --holdout split/holdout.csv.");
                throw new FileNotFoundException($"Cannot read table: file '{path}' does not exist.", path);
            }
            EvaluationOutput.EnsureWritable(request.Output);

            var clock = Stopwatch.StartNew();
            var read = bundled?.ReadOptions ?? CsvReadOptions.Default;
            if (bundled is not null) SynthTables.NoteZeros(bundled, console);
            var train = ReadReal(request, bundled is null ? request.Real : bundled.ResolvePath(), read);
            // The other files are read as the real table was: with a bundled Pima, a 0 glucose is "not measured" in all three.
            var holdout = ReadLike(train, request.Holdout, "holdout", relaxIntegers: false, read);
            var synthetic = ReadLike(train, request.Synthetic, "synthetic", relaxIntegers: true, read);
            var result = SyntheticDataEvaluation.Evaluate(train, holdout, synthetic, request.Options);
            var written = EvaluationOutput.Write(result, request.Output);
            Summary(console, result);
            console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"Evaluated in {clock.Elapsed.TotalSeconds:F1} s. Wrote {string.Join(", ", written)}")));
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is ArgumentException or DataFormatException or IOException or UnauthorizedAccessException or KeyNotFoundException)
        {
            error.WriteLine($"error: {OneLine(e.Message)}");
            return ExitCodes.BadInput;
        }
        catch (Exception e)
        {
            error.WriteLine($"error: {e.GetType().Name}: {OneLine(e.Message)}");
            error.WriteLine("Nothing was written. This looks like a bug in Arcanum; please report it with the command you ran.");
            return ExitCodes.Failure;
        }
    }

    /// <summary>The real table with inferred types, <c>--ids</c> columns turned into identifiers, and the target checked.</summary>
    private static DataTable ReadReal(Request request, string path, CsvReadOptions read)
    {
        var table = CsvTableReader.Read(path, read);
        var name = Path.GetFileName(path);
        foreach (var id in request.Identifiers)
        {
            if (!table.Contains(id))
                throw new ArgumentException($"--ids names column '{id}', which {name} does not have. Columns: {string.Join(", ", table.Columns.Select(c => c.Name))}.");
        }
        if (!table.Contains(request.Options.Target))
            throw new ArgumentException($"Target '{request.Options.Target}' is not a column of {name}. Columns: {string.Join(", ", table.Columns.Select(c => c.Name))}.");
        if (request.Identifiers.Contains(request.Options.Target, StringComparer.Ordinal))
            throw new ArgumentException($"Target '{request.Options.Target}' is also named in --ids; an identifier is never predicted.");
        var forced = new HashSet<string>(request.Identifiers, StringComparer.Ordinal);
        Column[] columns = [.. table.Columns.Select(c => forced.Contains(c.Name) && c is not IdentifierColumn
            ? new IdentifierColumn(c.Name, [.. Enumerable.Range(0, c.Length).Select(c.RawValue)])
            : c)];
        return new DataTable(columns, table.Source);
    }

    /// <summary>
    /// Reads another file with the real table's column types, after checking it has the real table's columns
    /// (identifiers may be absent). <paramref name="relaxIntegers"/> reads whole-number columns as numbers, so a
    /// generator that writes 3.0 or 2.7 for an integer column is compared rather than refused.
    /// </summary>
    private static DataTable ReadLike(DataTable real, string path, string name, bool relaxIntegers, CsvReadOptions read)
    {
        var text = File.ReadAllText(path);
        // The header alone gives the column names without typing any cell, so a bad cell is reported later with the right type.
        var header = CsvTableReader.ReadText(FirstLine(text), path).Columns.Select(c => c.Name).ToArray();
        var identifiers = real.Columns.Where(c => c.Type == ColumnType.Identifier).Select(c => c.Name).ToArray();
        if (SyntheticDataEvaluation.DescribeColumnMismatch(real.Columns.Select(c => c.Name), header, $"{name} ({Path.GetFileName(path)})", identifiers) is { } mismatch)
            throw new ArgumentException(mismatch);
        var types = new Dictionary<string, ColumnType>(StringComparer.Ordinal);
        foreach (var column in header)
        {
            var type = real[column].Type;
            types[column] = relaxIntegers && type == ColumnType.Integer ? ColumnType.Numeric : type;
        }
        return CsvTableReader.ReadText(text, path, read with { TypeOverrides = types });
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }

    private static void Summary(IAnsiConsole console, EvaluationResult result)
    {
        var utility = new Table().Title(Markup.Escape($"Utility: {result.Utility.Target} on {result.Inputs.HoldoutRows} real holdout rows (AUROC)"))
            .AddColumn("classifier").AddColumn(new TableColumn("train real").RightAligned()).AddColumn(new TableColumn("train synthetic").RightAligned()).AddColumn(new TableColumn("ratio").RightAligned());
        foreach (var c in result.Utility.Classifiers)
            utility.AddRow(Markup.Escape(c.Name), F(c.Trtr.Auroc), F(c.Tstr?.Auroc ?? double.NaN), F(c.AurocRatio));
        console.Write(utility);

        var verdicts = new Table().Title("Verdicts").AddColumn("check").AddColumn("verdict").AddColumn("what was found");
        foreach (var v in result.Verdicts)
        {
            var colour = v.Level switch { VerdictLevel.Good => "green", VerdictLevel.Worry => "red", _ => "yellow" };
            verdicts.AddRow(Markup.Escape(v.Title), $"[{colour}]{v.LevelName}[/]", Markup.Escape(v.Summary));
        }
        console.Write(verdicts);
        console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"Fidelity {result.Fidelity.Score.Overall:0.000}; membership-inference AUROC {F(result.MembershipInference.Auroc)} (0.5 ideal, worry above {MembershipInferenceResult.WorryAuroc}); {result.Privacy.ExactCopies} exact copies of training rows.")));
        foreach (var note in result.Notes.Concat(result.Utility.Notes))
            console.MarkupLine($"[grey]{Markup.Escape(note)}[/]");
    }

    private static string OneLine(string message) => string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string F(double v) => double.IsFinite(v) ? v.ToString("0.000", CultureInfo.InvariantCulture) : "–";
}
