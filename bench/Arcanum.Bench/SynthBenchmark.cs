using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Arcanum.Data;
using Arcanum.Data.Tables;
using Arcanum.Synthesis;
using Arcanum.Synthesis.Copula;
using Arcanum.Synthesis.Evaluation;
using Arcanum.Synthesis.Schema;
using Arcanum.Synthesis.Transform;
using Arcanum.Torch;
using Arcanum.Torch.Synthesis;

namespace Arcanum.Bench;

/// <summary>
/// Synthetic data. <c>synth-utility</c>: TSTR vs TRTR on Pima and Wisconsin for the copula, CTGAN and TVAE,
/// beside the published TabDDPM table. <c>synth-dp</c>: the cost of differential privacy at ε 1, 3, 10.
/// <c>synth-scale</c>: fit time per epoch and peak memory at 1k/10k/50k rows, and sampling rows/s.
/// <c>synth-step</c>: one CTGAN training step against the same step in PyTorch (Debian's python3-torch).
/// </summary>
internal static class SynthBenchmark
{
    private static readonly string[] Models = ["copula", "ctgan", "tvae"];

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string F(double v, string format = "0.000") => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    private static (DataTable Train, DataTable Holdout) Split(DataTable table, string target, int seed)
    {
        var column = (CategoricalColumn)table[target];
        var labels = Enumerable.Range(0, table.RowCount).Select(column.Code).ToArray();
        var (train, holdout) = Splits.Stratified(labels, 0.3, seed);
        return (table.Select(train), table.Select(holdout));
    }

    private static ISynthesizer Fit(string kind, DataTable train, NeuralOptions options) => kind switch
    {
        "copula" => GaussianCopula.Fit(train, TableSchema.Learn(train)),
        "ctgan" => CtganSynthesizer.Fit(train, TableSchema.Learn(train), options),
        _ => TvaeSynthesizer.Fit(train, TableSchema.Learn(train), options),
    };

    public static int Utility(string[] args)
    {
        var epochs = Arg(args, "--epochs", 300);
        var batch = Arg(args, "--batch", 500);
        var seed = Arg(args, "--seed", 42);
        TorchRuntime.SetThreads(Environment.ProcessorCount);
        Console.WriteLine($"Synthetic-data utility, {Machine.Describe()}; {epochs} epochs, batch {batch} (ctgan, tvae), seed {seed}; 70/30 stratified split; synthetic rows = training rows.");
        Console.WriteLine("TSTR: train on synthetic, test on the real holdout; TRTR: train on the real training rows, same holdout. LR = L2 logistic regression, RF = random forest (100 trees).");
        Console.WriteLine();
        Console.WriteLine("| dataset | model | fit s | fidelity | LR AUROC TSTR / TRTR | RF AUROC TSTR / TRTR | RF macro-F1 TSTR / TRTR | RF macro-F1 ratio | DCR share closer to train | MIA AUROC |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, target, positive) in new[] { ("pima", "diabetes", "pos"), ("breast-cancer", "diagnosis", "M") })
        {
            var dataset = BundledDatasets.Get(name);
            var (train, holdout) = Split(dataset.Load(), dataset.Target, seed);
            foreach (var kind in Models)
            {
                var clock = Stopwatch.StartNew();
                var model = Fit(kind, train, new NeuralOptions { Epochs = epochs, BatchSize = batch, Seed = seed, ValidationShare = 0 });
                var seconds = clock.Elapsed.TotalSeconds;
                var synthetic = model.Generate(train.RowCount, null, seed);
                (model as IDisposable)?.Dispose();
                var result = SyntheticDataEvaluation.Evaluate(train, holdout, synthetic, new EvaluationOptions { Target = dataset.Target, Positive = PositiveOf(dataset) });
                var lr = result.Utility.Classifiers.First(c => c.Name.Contains("logistic", StringComparison.OrdinalIgnoreCase));
                var rf = result.Utility.Classifiers.First(c => c.Name.Contains("forest", StringComparison.OrdinalIgnoreCase));
                Console.WriteLine($"| {name} | {kind} | {F(seconds, "0.0")} | {F(result.Fidelity.Score.Overall)} | {F(lr.Tstr?.Auroc ?? double.NaN)} / {F(lr.Trtr.Auroc)} | {F(rf.Tstr?.Auroc ?? double.NaN)} / {F(rf.Trtr.Auroc)} | {F(rf.Tstr?.MacroF1 ?? double.NaN)} / {F(rf.Trtr.MacroF1)} | {F(rf.MacroF1Ratio)} | {F(result.Privacy.ShareCloserToTrain)} | {F(result.MembershipInference.Auroc)} |");
            }
        }
        Console.WriteLine();
        Console.WriteLine("Published reference (TabDDPM, Kotelnikov et al. 2023, exp/diabetes eval_catboost.json): Pima, CatBoost macro-F1 on the real test set: real 0.785, TabDDPM 0.740, CTAB-GAN+ 0.734, CTAB-GAN 0.731, TVAE 0.714, SMOTE 0.684. Their split, their tuned models and CatBoost; ours are default settings with a random forest, so compare ratios to real, not absolutes.");
        return 0;
    }

    private static string? PositiveOf(BundledDataset dataset) => dataset.Positive;

    /// <summary>
    /// <c>synth-ctgan</c>: CTGAN's table-adapted defaults (batch about rows / 5 within 50-500, last generator) beside the same with a generator snapshot chosen by fidelity to validation rows
    /// split off the training rows (ctgan-select), CTGAN with the paper's schedule (batch 500, last generator), TVAE
    /// and the copula, on Pima, Wisconsin and Rotterdam over three seeds (<c>--first-seed</c>, <c>--seeds</c>).
    /// Each seed draws its own 70/30 stratified split and fits every model with that seed; the ratio is RF
    /// macro-F1 TSTR / TRTR on the split's holdout, which no model sees.
    /// </summary>
    public static int Ctgan(string[] args)
    {
        var seeds = Arg(args, "--seeds", 3);
        var firstSeed = Arg(args, "--first-seed", 1);
        var threads = Arg(args, "--threads", Environment.ProcessorCount);
        int? epochs = args.Contains("--epochs") ? Arg(args, "--epochs", NeuralOptions.DefaultEpochs) : null;
        var datasets = args.Contains("--datasets") ? args[Array.IndexOf(args, "--datasets") + 1].Split(',') : ["pima", "breast-cancer", "rotterdam"];
        var kinds = args.Contains("--models") ? args[Array.IndexOf(args, "--models") + 1].Split(',') : ["copula", "tvae", "ctgan-paper", "ctgan-select", "ctgan"];
        TorchRuntime.SetThreads(threads);
        Console.WriteLine($"CTGAN defaults against the paper's schedule, TVAE and the copula; {Machine.Describe()}, {threads} libtorch threads; {(epochs is null ? "default epochs" : $"{epochs} epochs")}; seeds {firstSeed}..{firstSeed + seeds - 1} (split and fit).");
        Console.WriteLine("ctgan: defaults (table-adapted batch, last generator); ctgan-select: the same with 20% of the rows held out to choose a snapshot by fidelity; ctgan-paper: batch 500, last generator. Ratio: RF macro-F1 TSTR / TRTR.");
        Console.WriteLine();
        Console.WriteLine("| dataset | model | seed | fit s | batch | epochs | selected epoch | fidelity | RF macro-F1 TSTR / TRTR | ratio |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        var ratios = new Dictionary<(string, string), List<double>>();
        foreach (var name in datasets)
        {
            var dataset = BundledDatasets.Get(name);
            var table = dataset.Load();
            for (var seed = firstSeed; seed < firstSeed + seeds; seed++)
            {
                var (train, holdout) = Split(table, dataset.Target, seed);
                foreach (var kind in kinds)
                {
                    var options = kind switch
                    {
                        "ctgan-paper" => new NeuralOptions { Epochs = epochs ?? NeuralOptions.DefaultEpochs, Seed = seed, BatchSize = NeuralOptions.DefaultBatchSize, ValidationShare = 0 },
                        "ctgan-select" => new NeuralOptions { Epochs = epochs, Seed = seed, ValidationShare = 0.2 },
                        _ => new NeuralOptions { Epochs = epochs, Seed = seed },
                    };
                    var clock = Stopwatch.StartNew();
                    var model = Fit(kind.StartsWith("ctgan", StringComparison.Ordinal) ? "ctgan" : kind, train, options);
                    var seconds = clock.Elapsed.TotalSeconds;
                    var schedule = model.ParametersJson()["schedule"];
                    var synthetic = model.Generate(train.RowCount, null, seed);
                    (model as IDisposable)?.Dispose();
                    var result = SyntheticDataEvaluation.Evaluate(train, holdout, synthetic, new EvaluationOptions { Target = dataset.Target, Positive = dataset.Positive });
                    var rf = result.Utility.Classifiers.First(c => c.Name.Contains("forest", StringComparison.OrdinalIgnoreCase));
                    var ratio = rf.MacroF1Ratio;
                    (ratios.TryGetValue((name, kind), out var list) ? list : ratios[(name, kind)] = []).Add(ratio);
                    Console.WriteLine($"| {name} | {kind} | {seed} | {F(seconds, "0.0")} | {schedule?["batch_size"]?.ToString() ?? "-"} | {schedule?["epochs"]?.ToString() ?? model.Training.Epochs.ToString(CultureInfo.InvariantCulture)} | {schedule?["selected_epoch"]?.ToString() ?? "-"} | {F(result.Fidelity.Score.Overall)} | {F(rf.Tstr?.MacroF1 ?? double.NaN)} / {F(rf.Trtr.MacroF1)} | {F(ratio)} |");
                }
            }
        }
        Console.WriteLine();
        Console.WriteLine("| dataset | model | RF macro-F1 ratio, mean | sd | min | max |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|");
        foreach (var ((name, kind), list) in ratios)
        {
            var mean = list.Average();
            var sd = list.Count > 1 ? Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / (list.Count - 1)) : double.NaN;
            Console.WriteLine($"| {name} | {kind} | {F(mean)} | {F(sd)} | {F(list.Min())} | {F(list.Max())} |");
        }
        return 0;
    }

    public static int Privacy(string[] args)
    {
        var epochs = Arg(args, "--epochs", 30);
        var batch = Arg(args, "--batch", 64);
        var seed = Arg(args, "--seed", 42);
        TorchRuntime.SetThreads(Environment.ProcessorCount);
        var name = args.Contains("--dataset") ? args[Array.IndexOf(args, "--dataset") + 1] : "pima";
        var dataset = BundledDatasets.Get(name);
        var (train, holdout) = Split(dataset.Load(), dataset.Target, seed);
        Console.WriteLine($"Cost of differential privacy on {name} ({train.RowCount} training rows, target {dataset.Target}), {Machine.Describe()}; {epochs} epochs, batch {batch} (DP: expected Poisson batch), delta 1e-5, clipping 1.0, seed {seed}.");
        Console.WriteLine();
        Console.WriteLine("| model | epsilon target | epsilon spent | noise multiplier | steps | fit s | fidelity | RF AUROC TSTR / TRTR | LR AUROC TSTR / TRTR | DCR share closer to train | MIA AUROC |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var kind in new[] { "ctgan", "tvae" })
        {
            foreach (double? epsilon in new double?[] { null, 10, 3, 1 })
            {
                var options = new NeuralOptions { Epochs = epochs, BatchSize = batch, Seed = seed, Privacy = epsilon is { } e ? new DifferentialPrivacy(e) : null };
                var clock = Stopwatch.StartNew();
                var model = Fit(kind, train, options);
                var seconds = clock.Elapsed.TotalSeconds;
                var synthetic = model.Generate(train.RowCount, null, seed);
                var spent = model.Training.Privacy;
                (model as IDisposable)?.Dispose();
                var result = SyntheticDataEvaluation.Evaluate(train, holdout, synthetic, new EvaluationOptions { Target = dataset.Target, Positive = dataset.Positive });
                var lr = result.Utility.Classifiers.First(c => c.Name.Contains("logistic", StringComparison.OrdinalIgnoreCase));
                var rf = result.Utility.Classifiers.First(c => c.Name.Contains("forest", StringComparison.OrdinalIgnoreCase));
                Console.WriteLine($"| {kind} | {(epsilon is { } t ? F(t, "0") : "no DP")} | {(spent is null ? "∞" : F(spent.Epsilon))} | {(spent is null ? "-" : F(spent.NoiseMultiplier))} | {(spent is null ? "-" : spent.Steps.ToString(CultureInfo.InvariantCulture))} | {F(seconds, "0.0")} | {F(result.Fidelity.Score.Overall)} | {F(rf.Tstr?.Auroc ?? double.NaN)} / {F(rf.Trtr.Auroc)} | {F(lr.Tstr?.Auroc ?? double.NaN)} / {F(lr.Trtr.Auroc)} | {F(result.Privacy.ShareCloserToTrain)} | {F(result.MembershipInference.Auroc)} |");
            }
        }
        return 0;
    }

    /// <summary>Each configuration runs in a child process (<c>synth-scale-one</c>), so its peak RSS is its own.</summary>
    public static int Scale(string[] args)
    {
        var seed = Arg(args, "--seed", 42);
        Console.WriteLine($"Scale, {Machine.Describe()}, {Environment.ProcessorCount} libtorch threads. Tables of 1k/10k/50k rows drawn from a copula fitted to Rotterdam (2,982 rows, 15 columns): synthetic-of-synthetic.");
        Console.WriteLine("Each configuration runs in its own process. Setup: reading, the transform (mixture fits) and the first epoch's warm-up; epoch: the mean of the later epochs (batch 500; 300 epochs is the default). Peak RSS: the process's VmHWM (libtorch and .NET included).");
        Console.WriteLine();
        Console.WriteLine("| model | rows | setup s | s per epoch | 300 epochs (projected) | peak RSS | sampling rows/s |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var rows in new[] { 1_000, 10_000, 50_000 })
        {
            foreach (var kind in Models)
            {
                var epochs = kind == "copula" ? 1 : rows switch { <= 1_000 => 11, <= 10_000 => 4, _ => 2 };
                var info = new ProcessStartInfo(Environment.ProcessPath!, [typeof(SynthBenchmark).Assembly.Location, "synth-scale-one", kind,
                    rows.ToString(CultureInfo.InvariantCulture), epochs.ToString(CultureInfo.InvariantCulture), seed.ToString(CultureInfo.InvariantCulture)])
                { RedirectStandardOutput = true };
                using var child = Process.Start(info)!;
                var line = child.StandardOutput.ReadToEnd().Trim().Split('\n')[^1];
                child.WaitForExit();
                if (child.ExitCode != 0)
                {
                    Console.WriteLine($"| {kind} | {rows:N0} | failed (exit {child.ExitCode}) | | | | |");
                    continue;
                }
                var r = JsonSerializer.Deserialize<ScaleResult>(line)!;
                Console.WriteLine($"| {kind} | {rows:N0} | {F(r.Setup, "0.00")} | {(kind == "copula" ? "-" : F(r.Epoch, "0.00"))} | {(kind == "copula" ? "-" : F((r.Setup + r.Epoch * 299) / 60, "0.0") + " min")} | {r.PeakBytes / 1e6:F0} MB | {r.RowsPerSecond:N0} |");
            }
        }
        return 0;
    }

    private sealed record ScaleResult(double Setup, double Epoch, long PeakBytes, double RowsPerSecond);

    public static int ScaleOne(string[] args)
    {
        var (kind, rows, epochs, seed) = (args[0], int.Parse(args[1], CultureInfo.InvariantCulture), int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture));
        TorchRuntime.SetThreads(Environment.ProcessorCount);
        var rotterdam = BundledDatasets.Get("rotterdam").Load();
        var table = GaussianCopula.Fit(rotterdam, TableSchema.Learn(rotterdam)).Generate(rows, null, seed);
        var times = new List<double>();
        var clock = Stopwatch.StartNew();
        var model = kind == "copula"
            ? GaussianCopula.Fit(table, TableSchema.Learn(table))
            : kind == "ctgan"
                ? (ISynthesizer)CtganSynthesizer.Fit(table, TableSchema.Learn(table), new NeuralOptions { Epochs = epochs, Seed = seed }, new EpochTimer(times, clock))
                : TvaeSynthesizer.Fit(table, TableSchema.Learn(table), new NeuralOptions { Epochs = epochs, Seed = seed }, new EpochTimer(times, clock));
        var total = clock.Elapsed.TotalSeconds;
        var epoch = times.Count > 1 ? times.Skip(1).Average() : total;
        var setup = times.Count > 1 ? total - epoch * (times.Count - 1) : total;
        model.Generate(1000, null, 1);
        clock.Restart();
        var drawn = model.Generate(100_000, null, 2).RowCount;
        var rate = drawn / clock.Elapsed.TotalSeconds;
        (model as IDisposable)?.Dispose();
        Console.WriteLine(JsonSerializer.Serialize(new ScaleResult(setup, epoch, ProcMemory.Read(Environment.ProcessId).PeakBytes, rate)));
        return 0;
    }

    public static int Step(string[] args)
    {
        var steps = Arg(args, "--steps", 30);
        var threads = Arg(args, "--threads", Environment.ProcessorCount);
        TorchRuntime.SetThreads(threads);
        // A table whose transform has 8 continuous columns and 2 three-level categories, like the PyTorch script's default layout.
        var random = new Random(5);
        var columns = new List<Column>();
        for (var c = 0; c < 8; c++)
            columns.Add(new NumericColumn($"x{c}", ColumnType.Numeric, Enumerable.Range(0, 500).Select(_ => random.Next(3) * 5 + random.NextDouble()).ToArray()));
        for (var c = 0; c < 2; c++)
            columns.Add(new CategoricalColumn($"c{c}", ColumnType.Categorical, ["a", "b", "c"], Enumerable.Range(0, 500).Select(_ => random.Next(3)).ToArray()));
        var table = new DataTable(columns);
        var schema = TableSchema.Learn(table);
        var transformer = ModeSpecificTransformer.Fit(schema.Extract(table), schema);
        var modes = transformer.Columns.Where(c => c.IsContinuous).Average(c => c.Slots);
        var times = new List<double>();
        var clock = Stopwatch.StartNew();
        // 500 rows, batch 500: one critic and one generator step per epoch.
        using var model = CtganSynthesizer.Fit(table, schema, new NeuralOptions { Epochs = steps + 5, BatchSize = 500, ValidationShare = 0, Seed = 1 }, new EpochTimer(times, clock));
        var ours = times.Skip(5).Order().ToArray();
        var median = ours[ours.Length / 2] * 1000;
        var cond = transformer.Discrete.Sum(c => c.Slots);
        Console.WriteLine($"CTGAN training step (critic + generator, batch 500, pac 10), {Machine.Describe()}, {threads} threads each.");
        Console.WriteLine($"Arcanum layout: data width {transformer.Width}, condition width {cond} ({modes:0.#} modes per continuous column on average).");
        var python = PyTorch(steps, threads, (int)Math.Round(modes));
        Console.WriteLine();
        Console.WriteLine("| implementation | data width | condition width | ms per step (median) | steps/s | Arcanum vs PyTorch |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        Console.WriteLine($"| Arcanum (TorchSharp 0.107, libtorch 2.10) | {transformer.Width} | {cond} | {F(median, "0.0")} | {F(1000 / median, "0.0")} | {(python is { } p ? F(p.Median / median, "0.00") + "x faster" : "n/a")} |");
        if (python is { } py)
            Console.WriteLine($"| PyTorch {py.Version} (Debian python3-torch) | {py.DataWidth} | {py.CondWidth} | {F(py.Median, "0.0")} | {F(1000 / py.Median, "0.0")} | 1 |");
        PrivateEpochs(Arg(args, "--dp-epochs", 6), Arg(args, "--dp-repeats", 2));
        return 0;
    }

    /// <summary>
    /// A DP-SGD epoch beside a plain epoch of the same model: 1,000 rows of the layout above, batch 500 (with DP
    /// the expected Poisson batch, q = 0.5), two steps per epoch either way, epsilon 3. Fits alternate (plain,
    /// DP, plain, DP, ...) so that load from other processes falls on both; the first epoch of each fit is
    /// dropped; wall and process CPU time per epoch are medians.
    /// </summary>
    private static void PrivateEpochs(int epochs, int repeats)
    {
        var random = new Random(6);
        var columns = new List<Column>();
        for (var c = 0; c < 8; c++)
            columns.Add(new NumericColumn($"x{c}", ColumnType.Numeric, Enumerable.Range(0, 1000).Select(_ => random.Next(3) * 5 + random.NextDouble()).ToArray()));
        for (var c = 0; c < 2; c++)
            columns.Add(new CategoricalColumn($"c{c}", ColumnType.Categorical, ["a", "b", "c"], Enumerable.Range(0, 1000).Select(_ => random.Next(3)).ToArray()));
        var table = new DataTable(columns);
        var schema = TableSchema.Learn(table);
        Console.WriteLine();
        Console.WriteLine($"DP-SGD epoch against a plain epoch of the same model: 1,000 rows, batch 500 (DP: expected Poisson batch, q 0.5), 2 steps per epoch, epsilon 3; {repeats} alternating fits of {epochs} epochs each, first epoch of each fit dropped; medians.");
        Console.WriteLine();
        Console.WriteLine("| model | plain ms per epoch (wall / CPU) | DP ms per epoch (wall / CPU) | DP / plain (wall) | DP / plain (CPU) |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var kind in new[] { "ctgan", "tvae" })
        {
            var plain = new EpochClock();
            var dp = new EpochClock();
            for (var r = 0; r < repeats; r++)
            {
                foreach (var (clock, privacy) in new[] { (plain, (DifferentialPrivacy?)null), (dp, new DifferentialPrivacy(3)) })
                {
                    var options = new NeuralOptions { Epochs = epochs, BatchSize = 500, Seed = r + 1, ValidationShare = 0, Privacy = privacy };
                    clock.Start();
                    using var model = (IDisposable)(kind == "ctgan" ? CtganSynthesizer.Fit(table, schema, options, clock) : TvaeSynthesizer.Fit(table, schema, options, clock));
                }
            }
            var (pw, pc) = plain.Medians();
            var (dw, dc) = dp.Medians();
            Console.WriteLine($"| {kind} | {F(pw, "0")} / {F(pc, "0")} | {F(dw, "0")} / {F(dc, "0")} | {F(dw / pw, "0.00")} | {F(dc / pc, "0.00")} |");
        }
    }

    /// <summary>Wall and process CPU milliseconds per complete epoch (mid-epoch reports ignored), first epoch of each fit dropped.</summary>
    private sealed class EpochClock : IProgress<TrainingProgress>
    {
        private readonly List<(double Wall, double Cpu)> _epochs = [];
        private readonly Stopwatch _wall = new();
        private TimeSpan _cpu;
        private bool _first;

        public void Start()
        {
            _first = true;
            _wall.Restart();
            _cpu = Process.GetCurrentProcess().TotalProcessorTime;
        }

        public void Report(TrainingProgress value)
        {
            if (value.Step != 0) return;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            if (!_first) _epochs.Add((_wall.Elapsed.TotalMilliseconds, (cpu - _cpu).TotalMilliseconds));
            _first = false;
            _wall.Restart();
            _cpu = cpu;
        }

        public (double Wall, double Cpu) Medians() =>
            (_epochs.Select(e => e.Wall).Order().ElementAt(_epochs.Count / 2), _epochs.Select(e => e.Cpu).Order().ElementAt(_epochs.Count / 2));
    }

    private sealed class EpochTimer(List<double> times, Stopwatch clock) : IProgress<TrainingProgress>
    {
        private double _last;

        public void Report(TrainingProgress value)
        {
            var now = clock.Elapsed.TotalSeconds;
            times.Add(now - _last);
            _last = now;
        }
    }

    private sealed record PythonResult(string Version, int DataWidth, int CondWidth, double Median);

    private static PythonResult? PyTorch(int steps, int threads, int modes)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "pytorch", "ctgan_step.py");
        if (!File.Exists("/usr/bin/python3") || !File.Exists(script))
        {
            Console.Error.WriteLine("PyTorch reference skipped: /usr/bin/python3 or the script is missing (apt-get install python3-torch).");
            return null;
        }
        var info = new ProcessStartInfo("/usr/bin/python3", [script, "--steps", steps.ToString(CultureInfo.InvariantCulture), "--threads", threads.ToString(CultureInfo.InvariantCulture),
            "--continuous", "8", "--modes", modes.ToString(CultureInfo.InvariantCulture), "--categorical", "2", "--levels", "3"])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Console.Error.WriteLine($"PyTorch reference failed: {error.Trim()}");
            return null;
        }
        using var json = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        var root = json.RootElement;
        return new PythonResult(root.GetProperty("torch").GetString()!, root.GetProperty("data_width").GetInt32(), root.GetProperty("cond_width").GetInt32(), root.GetProperty("ms_per_step_median").GetDouble());
    }
}
