using System.CommandLine;
using System.Globalization;
using Arcanum.Data;
using Arcanum.Data.Synthetic;
using Arcanum.Data.Tables;
using Arcanum.Synthesis;
using Arcanum.Synthesis.Conditions;
using Arcanum.Synthesis.Copula;
using Arcanum.Synthesis.Marginal;
using Arcanum.Synthesis.Schema;
using Arcanum.Torch;
using Arcanum.Torch.Synthesis;
using Spectre.Console;

namespace Arcanum.Cli;

/// <summary>
/// <c>arcanum synth</c>: fit a synthesizer to a table (<c>fit</c>), draw rows from it with or without
/// conditions (<c>sample</c>), and measure a synthetic table against the real one (<c>evaluate</c>).
/// </summary>
internal static class SynthCommand
{
    public static readonly string[] Models = ["copula", "ctgan", "tvae", "mst", "aim"];

    private const string DefaultModel = "ctgan";
    private const int DefaultSeed = 42;
    private const string DefaultDevice = "cpu";
    private static readonly NeuralOptions Defaults = new();
    private static readonly DifferentialPrivacy DefaultPrivacy = new(1);
    private static readonly MstOptions MstDefaults = new() { Epsilon = 1 };
    private static readonly AimOptions AimDefaults = new() { Epsilon = 1 };

    /// <summary>The largest epsilon at which DP-TVAE was measured to lose every relation to the outcome (RESULTS n.6).</summary>
    private const double DpTvaeRelationsLost = 30;

    public static Command Create(IAnsiConsole console, TextWriter error, TimeProvider? time = null) =>
        new("synth", "Synthetic patients: split a real table, fit a synthesizer, sample from it (with conditions), evaluate fidelity, utility and privacy.")
        {
            SynthSplitCommand.Create(console, error), Fit(console, error, time ?? TimeProvider.System), Sample(console, error), SynthEvaluateCommand.Create(console, error),
        };

    private static Command Fit(IAnsiConsole console, TextWriter error, TimeProvider time)
    {
        var data = new Option<string>("--data") { Description = "The real table: a CSV file, or a bundled dataset name (pima, breast-cancer, ...).", Required = true };
        var model = new Option<string?>("--model") { Description = $"copula (fast, conditions natively on everything), ctgan, tvae, mst or aim (differentially private marginals; need --epsilon). [default: {DefaultModel}]" };
        model.AcceptOnlyFromAmong(Models);
        var epochs = new Option<int?>("--epochs") { Description = $"Training epochs (ctgan, tvae). [default: {NeuralOptions.DefaultEpochs}; ctgan without --epsilon: at least {NeuralOptions.MinimumCtganSteps:N0} steps, at most {NeuralOptions.MaximumCtganEpochs} epochs: 480-600 on tables under about 3,000 rows]" };
        var batch = new Option<int?>("--batch-size") { Description = $"Rows per step (ctgan, tvae); with --epsilon, the expected Poisson batch. [default: ctgan about rows/5 (50-{NeuralOptions.DefaultBatchSize}); tvae and with --epsilon {NeuralOptions.DefaultBatchSize}]" };
        var epsilon = new Option<double?>("--epsilon") { Description = "The privacy budget: ctgan and tvae train with DP-SGD and spend at most this epsilon; mst and aim (required) spend exactly this." };
        var delta = new Option<double?>("--delta") { Description = FormattableString.Invariant($"Delta for --epsilon; it must be below 1/rows. [default: 1e-5 for ctgan and tvae, {MstOptions.DefaultDelta:0e0} for mst and aim]") };
        var domain = new Option<FileInfo?>("--domain") { Description = "A JSON file of public levels and bounds (mst, aim): {\"columns\": {\"age\": {\"min\": 18, \"max\": 100}, \"sex\": {\"levels\": [\"F\", \"M\"]}}}. Columns it leaves out get private ranges (numbers) or levels read from the data (categories)." };
        var bins = new Option<int?>("--bins") { Description = $"Bins per number or date without bins in --domain (mst, aim); sparse bins are joined. [default: {MstDefaults.Bins}]" };
        var maxModelSize = new Option<double?>("--max-model-size") { Description = FormattableString.Invariant($"AIM's model-size cap in MB of junction-tree cells (the paper's MAX-SIZE; larger fits more detail, slower). [default: {AimDefaults.MaxModelSize}]") };
        var clip = new Option<double?>("--max-grad-norm") { Description = FormattableString.Invariant($"Per-sample gradient clipping norm for --epsilon. [default: {DefaultPrivacy.MaxGradNorm}]") };
        var ids = new Option<string?>("--ids") { Description = "Comma-separated identifier columns besides those detected (never learned; fresh ids in samples)." };
        var seed = new Option<int?>("--seed") { Description = $"Random seed. [default: {DefaultSeed}]" };
        var device = new Option<string?>("--device") { Description = $"cpu, cuda or cuda:N (ctgan, tvae). [default: {DefaultDevice}]" };
        var threads = new Option<int?>("--threads") { Description = "CPU threads for libtorch. [default: all cores]" };
        var output = new Option<DirectoryInfo>("--out") { Description = "A new or empty folder for the model.", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace the model in --out if there is one (only once the new one is saved)." };
        var command = new Command("fit", "Fit a synthesizer to a real table and save it.")
        {
            data, model, epochs, batch, epsilon, delta, clip, domain, bins, maxModelSize, ids, seed, device, threads, output, force,
        };
        command.SetAction(parse => Run(error, () =>
        {
            var kind = parse.GetValue(model) ?? DefaultModel;
            var outDir = parse.GetValue(output)!;
            var replace = parse.GetValue(force);
            SynthesizerFiles.EnsureWritable(outDir.FullName, replace);
            var table = SynthTables.Read(parse.GetValue(data)!, console);
            var identifiers = (parse.GetValue(ids) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var schema = TableSchema.Learn(table, identifiers);
            DifferentialPrivacy? privacy = null;
            MstOptions? mst = null;
            AimOptions? aim = null;
            var marginalKind = kind is MstSynthesizer.KindName or AimSynthesizer.KindName;
            if (!marginalKind && (parse.GetValue(domain) is not null || parse.GetValue(bins) is not null))
                throw new SynthesisException("--domain and --bins need --model mst or aim.");
            if (kind != AimSynthesizer.KindName && parse.GetValue(maxModelSize) is not null)
                throw new SynthesisException("--max-model-size needs --model aim.");
            if (marginalKind)
            {
                var e = parse.GetValue(epsilon)
                    ?? throw new SynthesisException($"--model {kind} needs --epsilon: it is differentially private, and how much privacy to spend is your call (epsilon 1 is a common choice).");
                var d = CheckDelta(parse.GetValue(delta) ?? MstOptions.DefaultDelta, table.RowCount);
                var publicDomain = parse.GetValue(domain) is { } file ? PublicDomain.Load(file.FullName) : null;
                if (kind == MstSynthesizer.KindName)
                {
                    mst = new MstOptions { Epsilon = e, Delta = d, Bins = parse.GetValue(bins) ?? MstDefaults.Bins, Domain = publicDomain };
                    mst.Validate();
                }
                else
                {
                    aim = new AimOptions
                    {
                        Epsilon = e, Delta = d, Bins = parse.GetValue(bins) ?? AimDefaults.Bins, Domain = publicDomain,
                        MaxModelSize = parse.GetValue(maxModelSize) ?? AimDefaults.MaxModelSize,
                    };
                    aim.Validate();
                }
                publicDomain?.Validate(schema);
            }
            else if (parse.GetValue(epsilon) is { } e)
            {
                if (kind == "copula")
                    throw new SynthesisException("--epsilon needs --model ctgan, tvae, mst or aim: the copula has no differentially private training.");
                privacy = new DifferentialPrivacy(e, CheckDelta(parse.GetValue(delta) ?? DefaultPrivacy.Delta, table.RowCount), parse.GetValue(clip) ?? DefaultPrivacy.MaxGradNorm);
            }
            else if (parse.GetValue(delta) is not null)
            {
                throw new SynthesisException("--delta needs --epsilon.");
            }
            if (parse.GetValue(threads) is { } t) TorchRuntime.SetThreads(t);
            var options = new NeuralOptions
            {
                Epochs = parse.GetValue(epochs), BatchSize = parse.GetValue(batch) ?? Defaults.BatchSize, Seed = parse.GetValue(seed) ?? DefaultSeed,
                Device = parse.GetValue(device) ?? DefaultDevice, Privacy = privacy,
            };
            options.Validate();
            var learned = string.Join(", ", schema.Learned.Select(c => $"{c.Name} ({c.Type.ToString().ToLowerInvariant()})"));
            console.MarkupLine($"Fitting [bold]{kind}[/] to {table.RowCount} rows of {Markup.Escape(Path.GetFileName(table.Source ?? "the table"))}: {Markup.Escape(learned)}.");
            var skipped = schema.Columns.Where(c => c.IsIdentifier).Select(c => c.Name).ToArray();
            if (skipped.Length > 0) console.MarkupLine($"Identifier columns not learned (samples get fresh ids): {Markup.Escape(string.Join(", ", skipped))}.");
            foreach (var empty in schema.EmptyColumns)
                console.MarkupLine($"[yellow]Warning: column '{Markup.Escape(empty)}' is empty in every row, so every synthetic row leaves it blank too. Remove it from the table if it should not be there.[/]");
            if (privacy is not null)
            {
                console.MarkupLine(FormattableString.Invariant($"Differential privacy: DP-SGD to epsilon {privacy.TargetEpsilon} at delta {privacy.Delta:G3}, clipping {privacy.MaxGradNorm}."));
                if (kind == "tvae" && privacy.TargetEpsilon <= DpTvaeRelationsLost)
                    console.MarkupLine(FormattableString.Invariant($"[yellow]Warning: at epsilon {DpTvaeRelationsLost} or less DP-TVAE keeps each column's frequencies but loses the relations between columns (on Adult the outcome came out independent of every column; bench/RESULTS.md n.6). If the relations matter, use --model aim or mst.[/]"));
            }
            if (mst is not null)
                console.MarkupLine(FormattableString.Invariant($"Differential privacy: MST spends epsilon {mst.Epsilon} at delta {mst.Delta:G3} (zCDP rho {Zcdp.Rho(mst.Epsilon, mst.Delta):0.#####})."));
            if (aim is not null)
                console.MarkupLine(FormattableString.Invariant($"Differential privacy: AIM spends epsilon {aim.Epsilon} at delta {aim.Delta:G3} (zCDP rho {Zcdp.Rho(aim.Epsilon, aim.Delta):0.#####}), round by round; model cap {aim.MaxModelSize} MB."));

            // AIM's rounds are not known ahead (annealing spends the budget faster), so it reports each round on a line of its own.
            var fitted = aim is not null
                ? AimSynthesizer.Fit(table, schema, aim, null, new Callback<AimRound>(r => console.MarkupLine(AimRoundLine(r))))
                : SynthProgress.Train(console, time, kind, mst is null ? options.Epochs ?? NeuralOptions.DefaultEpochs : MstSynthesizer.Phases, progress => kind switch
                {
                    "copula" => (ISynthesizer)GaussianCopula.Fit(table, schema, null, progress),
                    "ctgan" => CtganSynthesizer.Fit(table, schema, options, progress),
                    MstSynthesizer.KindName => MstSynthesizer.Fit(table, schema, mst!, progress),
                    _ => TvaeSynthesizer.Fit(table, schema, options, progress),
                });
            try
            {
                SynthesizerFiles.Save(fitted, outDir.FullName, replace);
                var training = fitted.Training;
                var trained = fitted is MstSynthesizer or AimSynthesizer ? "Fitted" : FormattableString.Invariant($"Trained {training.Epochs} epoch(s)");
                console.MarkupLine(FormattableString.Invariant($"{trained} in {training.Seconds:0.0} s. Saved to {Markup.Escape(outDir.FullName)}."));
                if (training.StoppedEarly is { } why) console.MarkupLine($"[yellow]Stopped early: {Markup.Escape(why)}.[/]");
                if (training.Privacy is { } spent)
                    console.MarkupLine(FormattableString.Invariant($"Privacy spent: [bold]epsilon {spent.Epsilon:0.###}[/] at delta {spent.Delta:G3} (RDP accountant; noise multiplier {spent.NoiseMultiplier:0.###}, sample rate {spent.SampleRate:0.####}, {spent.Steps} steps). Covers: {Markup.Escape(spent.Scope)}"));
                if (fitted is MstSynthesizer mstModel) MstSummary.Print(console, mstModel);
                if (fitted is AimSynthesizer aimModel) MstSummary.Print(console, aimModel);
            }
            finally
            {
                (fitted as IDisposable)?.Dispose();
            }
        }));
        return command;
    }

    private static Command Sample(IAnsiConsole console, TextWriter error)
    {
        var model = new Option<DirectoryInfo>("--model") { Description = "A model folder from `synth fit`.", Required = true };
        var count = new Option<int>("-n", "--rows") { Description = "Rows to draw.", Required = true };
        var where = new Option<string?>("--where") { Description = "Conditions every row meets, e.g. \"diagnosis = malignant and age >= 70\"." };
        var real = new Option<string?>("--real") { Description = "The real table (a CSV or a bundled dataset name): compare the rows drawn with the real rows that meet --where." };
        var seed = new Option<int?>("--seed") { Description = $"Random seed. [default: {DefaultSeed}]" };
        var maxDraws = new Option<long?>("--max-draws") { Description = "Give up after drawing this many rows. [default: 100 per row asked for, at least 100,000]" };
        var device = new Option<string?>("--device") { Description = $"cpu, cuda or cuda:N (ctgan, tvae). [default: {DefaultDevice}]" };
        var output = new Option<FileInfo>("--out") { Description = "The CSV file to write (must not exist).", Required = true };
        var command = new Command("sample", "Draw synthetic rows from a fitted model, optionally meeting conditions.") { model, count, where, real, seed, maxDraws, device, output };
        command.SetAction(parse => Run(error, () =>
        {
            var outFile = parse.GetValue(output)!;
            if (outFile.Exists) throw new SynthesisException($"Output file '{outFile}' exists; choose a new name.");
            if (outFile.Directory is { Exists: false } d) throw new SynthesisException($"Output folder '{d}' does not exist.");
            var n = parse.GetValue(count);
            if (n < 1) throw new SynthesisException($"-n must be at least 1, not {n}.");
            var directory = parse.GetValue(model)!.FullName;
            var header = SynthesizerFiles.ReadHeader(directory);
            var conditions = parse.GetValue(where) is { } text ? RowConditions.Parse(text, header.Schema) : null;
            var realTable = parse.GetValue(real) is { } realName ? SynthTables.Read(realName, console) : null;
            var synthesizer = Load(header, directory, parse.GetValue(device) ?? DefaultDevice);
            try
            {
                var result = ConditionalSampler.Sample(synthesizer, n, conditions, parse.GetValue(seed) ?? DefaultSeed, parse.GetValue(maxDraws));
                CsvTableWriter.Write(outFile.FullName, result.Rows);
                console.MarkupLine(FormattableString.Invariant($"Wrote {result.Rows.RowCount} rows to {Markup.Escape(outFile.FullName)} ({header.Kind}, {result.Generated:N0} drawn)."));
                if (conditions is not null)
                {
                    var native = result.NativeColumns.Count > 0 ? $"natively on {string.Join(", ", result.NativeColumns)}" : "by filtering only";
                    console.MarkupLine(FormattableString.Invariant($"Condition \"{Markup.Escape(conditions.Text)}\": served {Markup.Escape(native)}; {100 * result.AcceptanceRate:0.#}% of the rows drawn met it."));
                }
                if (realTable is not null) Compare(console, realTable, result.Rows, conditions);
            }
            finally
            {
                (synthesizer as IDisposable)?.Dispose();
            }
        }));
        return command;
    }

    private static ISynthesizer Load(SynthesizerHeader header, string directory, string device) => header.Kind switch
    {
        "copula" => GaussianCopula.Load(header),
        MstSynthesizer.KindName => MstSynthesizer.Load(header),
        AimSynthesizer.KindName => AimSynthesizer.Load(header),
        CtganSynthesizer.KindName => CtganSynthesizer.Load(header, directory, device),
        TvaeSynthesizer.KindName => TvaeSynthesizer.Load(header, directory, device),
        _ => throw new SynthesisException($"The model is a '{header.Kind}', which this build cannot load (it knows {string.Join(", ", Models)})."),
    };

    /// <summary>How the rows drawn compare with the real rows that meet the same conditions.</summary>
    private static void Compare(IAnsiConsole console, DataTable real, DataTable synthetic, RowConditions? conditions)
    {
        var realRows = real;
        if (conditions is not null)
        {
            var meets = conditions.Matches(real);
            var rows = Enumerable.Range(0, real.RowCount).Where(r => meets[r]).ToArray();
            console.MarkupLine(FormattableString.Invariant($"The real table has {rows.Length} of {real.RowCount} rows ({100.0 * rows.Length / real.RowCount:0.#}%) meeting the condition."));
            if (rows.Length < 2)
            {
                console.MarkupLine("[yellow]Too few real rows meet it to compare distributions.[/]");
                return;
            }
            realRows = real.Select(rows);
        }
        var common = synthetic.Columns.Where(c => c.Type != ColumnType.Identifier && realRows.Contains(c.Name) && realRows[c.Name].Type == c.Type).Select(c => c.Name).ToArray();
        var distances = Fidelity.ColumnDistances(Project(realRows, common), Project(synthetic, common));
        var table = new Table().AddColumns("column", "measure", "distance (0 = same)", "real missing − synthetic missing");
        foreach (var d in distances)
            table.AddRow(Markup.Escape(d.Column), d.Kind, d.Distance.ToString("0.000", CultureInfo.InvariantCulture), d.MissingRateDifference.ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture));
        console.Write(table);
        console.MarkupLine(FormattableString.Invariant($"Mean column distance {distances.Average(d => d.Distance):0.000} (KS for numbers, total variation for categories; under 0.1 is close)."));
    }

    private static string AimRoundLine(AimRound r) => Markup.Escape(FormattableString.Invariant(
        $"aim round {r.Round}: {r.Marginal} (sigma {r.Sigma:0.##}, selection epsilon {r.Epsilon:0.####}){(r.Annealed ? ", annealed" : "")}; model {r.ModelCells:N0} cells; {100 * r.SpentShare:0.#}% of rho spent; {SynthProgress.Duration(TimeSpan.FromSeconds(r.Seconds))}"));

    /// <summary>Reports on the calling thread, as each round ends (<see cref="Progress{T}"/> would post to a pool thread and lose order).</summary>
    private sealed class Callback<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    /// <exception cref="SynthesisException">A delta of 1/rows or more, which would allow leaking whole records.</exception>
    private static double CheckDelta(double delta, int rows)
    {
        if (delta >= 1.0 / rows)
            throw new SynthesisException(FormattableString.Invariant($"--delta {delta} is not below 1/rows = {1.0 / rows:G3}; such a delta allows leaking whole records. Use a smaller one."));
        return delta;
    }

    private static DataTable Project(DataTable table, IReadOnlyList<string> columns) => new(columns.Select(c => table[c]).ToArray(), table.Source);

    internal static int Run(TextWriter error, Action action) => CommandRunner.Run(error, action, e => e is SynthesisException or DataFormatException or ArgumentException or DeviceUnavailableException or FileNotFoundException);
}
