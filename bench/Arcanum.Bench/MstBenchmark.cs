using System.Diagnostics;
using System.Globalization;
using Arcanum.Data;
using Arcanum.Data.Tables;
using Arcanum.Synthesis;
using Arcanum.Synthesis.Copula;
using Arcanum.Synthesis.Evaluation;
using Arcanum.Synthesis.Marginal;
using Arcanum.Synthesis.Schema;
using Arcanum.Torch;
using Arcanum.Torch.Synthesis;

namespace Arcanum.Bench;

/// <summary>
/// <c>synth-mst</c>: the differentially private synthesizers at epsilon 0.3, 1, 3 and 10 beside the Gaussian copula
/// (no DP) on Pima and Rotterdam, and on ARX's Adult when its file is there: MST and AIM (delta 1e-9) and, with
/// <c>--models</c> naming them, DP-CTGAN and DP-TVAE (DP-SGD, delta 1e-5, slow). TSTR against TRTR (the evaluation
/// of <c>synth evaluate</c>), fidelity, mean 2-way and 3-way marginal total variation against the floor of two
/// disjoint real samples of the same size, and fit time. The marginal models run with private ranges (nothing
/// public but column names and types, and the levels) and, with <c>--public-bounds</c>, also with every number's
/// bounds taken as public.
/// </summary>
internal static class MstBenchmark
{
    public static int Run(string[] args)
    {
        var seed = Args.Int(args, "--seed", 42);
        var repeats = Args.Int(args, "--repeats", 3);
        var bins = Args.Int(args, "--bins", new MstOptions { Epsilon = 1 }.Bins);
        var epsilons = Args.String(args, "--epsilons", "0.3,1,3,10").Split(',').Select(e => double.Parse(e, CultureInfo.InvariantCulture)).ToArray();
        var datasets = Args.String(args, "--datasets", "pima,rotterdam,adult").Split(',');
        var adult = Args.String(args, "--adult", "../shared/data/adult_arx/adult.csv");
        var publicBounds = args.Contains("--public-bounds");
        var models = Args.String(args, "--models", "mst,aim").Split(',');
        var maxModelSize = double.Parse(Args.String(args, "--max-model-size", new AimOptions { Epsilon = 1 }.MaxModelSize.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        var epochs = Args.Int(args, "--epochs", 30);
        var oneWayShare = double.Parse(Args.String(args, "--one-way-share", new AimOptions { Epsilon = 1 }.OneWayShare.ToString("R", CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        if (models.Any(m => m.StartsWith("dp-", StringComparison.Ordinal))) TorchRuntime.SetThreads(Environment.ProcessorCount);
        Console.WriteLine($"{string.Join(", ", models)} against the copula, {Machine.Describe()}; 70/30 stratified split (seed {seed}); synthetic rows = training rows; MST and AIM: delta 1e-9, {bins} bins, " +
            $"AIM model cap {maxModelSize} MB, one-way share {oneWayShare:0.###}; DP-CTGAN/DP-TVAE: {epochs} epochs, batch 500, delta 1e-5; {repeats} noise seed(s) per epsilon for MST and AIM, 1 for DP-SGD (mean, and min-max of RF TSTR).");
        Console.WriteLine("TSTR/TRTR: AUROC of a classifier trained on synthetic / real training rows, tested on the real holdout (LR = logistic regression, RF = random forest). " +
            "TVD: mean total variation over all 2-way (3-way) marginals between holdout-sized samples and the holdout; floor = real training rows against the holdout.");
        Console.WriteLine();
        Console.WriteLine("| dataset | model | epsilon | fit s | fidelity | LR AUROC TSTR / TRTR | RF AUROC TSTR / TRTR (min-max) | RF ratio | 2-way TVD (floor) | 3-way TVD (floor) |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var name in datasets)
        {
            if (Load(name, adult) is not { } loaded) continue;
            var (table, target, positive) = loaded;
            var (train, holdout) = Split(table, target, seed);
            var evaluation = new EvaluationOptions { Target = target, Positive = positive, MaxDistanceRows = 3000 };
            var floor = MarginalDistance.Mean(train, train.Select(Sample(train.RowCount, holdout.RowCount, seed)), holdout);
            var schema = TableSchema.Learn(train);
            Row(name, "copula", "-", floor, [Measure(() => GaussianCopula.Fit(train, schema), train, holdout, evaluation, seed)]);
            var domain = publicBounds ? Bounds(table, schema) : null;
            foreach (var model in models)
            {
                foreach (var variant in publicBounds && !model.StartsWith("dp-", StringComparison.Ordinal) ? new[] { false, true } : [false])
                {
                    foreach (var epsilon in epsilons)
                    {
                        var count = model.StartsWith("dp-", StringComparison.Ordinal) ? 1 : repeats;
                        var runs = Enumerable.Range(0, count).Select(r => Measure(() => model switch
                        {
                            "mst" => MstSynthesizer.Fit(train, schema, new MstOptions { Epsilon = epsilon, Bins = bins, NoiseSeed = seed + 1000 * r, Domain = variant ? domain : null }),
                            "aim" => AimSynthesizer.Fit(train, schema, new AimOptions
                            {
                                Epsilon = epsilon, Bins = bins, NoiseSeed = seed + 1000 * r, Domain = variant ? domain : null, MaxModelSize = maxModelSize, OneWayShare = oneWayShare,
                            }),
                            "dp-ctgan" => CtganSynthesizer.Fit(train, schema, Neural(epochs, seed, epsilon)),
                            "dp-tvae" => TvaeSynthesizer.Fit(train, schema, Neural(epochs, seed, epsilon)),
                            _ => throw new ArgumentException($"synth-mst: unknown model '{model}' (mst, aim, dp-ctgan, dp-tvae)."),
                        }, train, holdout, evaluation, seed + r)).ToList();
                        Row(name, variant ? $"{model}, public bounds" : model, F(epsilon, "0.#"), floor, runs);
                    }
                }
            }
        }
        return 0;
    }

    private static NeuralOptions Neural(int epochs, int seed, double epsilon) =>
        new() { Epochs = epochs, BatchSize = 500, Seed = seed, Privacy = new DifferentialPrivacy(epsilon) };

    private sealed record Result(double Seconds, double Fidelity, double LrTstr, double LrTrtr, double RfTstr, double RfTrtr, double TwoWay, double ThreeWay);

    private static Result Measure(Func<ISynthesizer> fit, DataTable train, DataTable holdout, EvaluationOptions options, int seed)
    {
        var clock = Stopwatch.StartNew();
        var model = fit();
        var seconds = clock.Elapsed.TotalSeconds;
        var synthetic = model.Generate(train.RowCount, null, seed);
        (model as IDisposable)?.Dispose();
        var result = SyntheticDataEvaluation.Evaluate(train, holdout, synthetic, options);
        var lr = result.Utility.Classifiers.First(c => c.Name.Contains("logistic", StringComparison.OrdinalIgnoreCase));
        var rf = result.Utility.Classifiers.First(c => c.Name.Contains("forest", StringComparison.OrdinalIgnoreCase));
        var (two, three) = MarginalDistance.Mean(train, synthetic.Select(Enumerable.Range(0, holdout.RowCount).ToArray()), holdout);
        return new Result(seconds, result.Fidelity.Score.Overall, lr.Tstr?.Auroc ?? double.NaN, lr.Trtr.Auroc, rf.Tstr?.Auroc ?? double.NaN, rf.Trtr.Auroc, two, three);
    }

    private static void Row(string dataset, string model, string epsilon, (double Two, double Three) floor, List<Result> runs)
    {
        var rf = runs.Select(r => r.RfTstr).ToArray();
        var spread = runs.Count > 1 ? $" ({F(rf.Min())}-{F(rf.Max())})" : "";
        var mean = (Func<Result, double> f) => runs.Average(f);
        Console.WriteLine($"| {dataset} | {model} | {epsilon} | {F(mean(r => r.Seconds), "0.00")} | {F(mean(r => r.Fidelity))} | {F(mean(r => r.LrTstr))} / {F(runs[0].LrTrtr)} | " +
            $"{F(mean(r => r.RfTstr))} / {F(runs[0].RfTrtr)}{spread} | {F(mean(r => r.RfTstr) / runs[0].RfTrtr, "0.00")} | {F(mean(r => r.TwoWay))} ({F(floor.Two)}) | {F(mean(r => r.ThreeWay))} ({F(floor.Three)}) |");
    }

    /// <summary>Bounds for every number and date taken as public: the whole table's range, as the papers' domain files do.</summary>
    private static PublicDomain Bounds(DataTable table, TableSchema schema) => new(schema.Learned.Where(c => c.IsNumeric).ToDictionary(c => c.Name, c =>
    {
        var values = ((NumericColumn)table[c.Name]).Values.Where(v => !double.IsNaN(v)).ToArray();
        var (min, max) = (values.Min(), values.Max());
        return new ColumnDomain { Min = min, Max = max > min ? max : min + 1 };
    }));

    private static (DataTable Table, string Target, string? Positive)? Load(string name, string adult)
    {
        if (name != "adult")
        {
            var dataset = BundledDatasets.Get(name);
            return (dataset.Load(), dataset.Target, dataset.Positive);
        }
        if (!File.Exists(adult))
        {
            Console.Error.WriteLine($"synth-mst: {adult} does not exist; Adult skipped (pass --adult with ARX's adult.csv).");
            return null;
        }
        return (CsvTableReader.Read(adult, CsvReadOptions.Default with { Delimiter = ';' }), "salary-class", ">50K");
    }

    private static (DataTable Train, DataTable Holdout) Split(DataTable table, string target, int seed)
    {
        var column = (CategoricalColumn)table[target];
        var labels = Enumerable.Range(0, table.RowCount).Select(column.Code).ToArray();
        var (train, holdout) = Splits.Stratified(labels, 0.3, seed);
        return (table.Select(train), table.Select(holdout));
    }

    private static int[] Sample(int rows, int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, rows).OrderBy(_ => random.Next()).Take(count).Order()];
    }

    private static string F(double v, string format = "0.000") => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";
}
