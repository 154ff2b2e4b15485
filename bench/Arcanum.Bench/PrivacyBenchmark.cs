using System.Diagnostics;
using System.Globalization;
using Arcanum.Core.Learning;
using Arcanum.Data.Images;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Simulation;
using Arcanum.Torch;

namespace Arcanum.Bench;

/// <summary>
/// What privacy costs, side by side in one run: sample-level DP-SGD at epsilon 1, 3 and 8 against the
/// same study without DP (accuracy and the epsilon the sites actually spent), and secure aggregation
/// against plain aggregation on the same 8-site study (round time and how far the final models differ).
/// Everything goes through the public simulator API, as <c>arcanum simulate</c> does.
/// </summary>
internal static class PrivacyBenchmark
{
    private static readonly double?[] Epsilons = [1.0, 3.0, 8.0, null];

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Run(string[] args)
    {
        var rounds = Args.Int(args, "--rounds", 20);
        var seeds = Args.String(args, "--seeds", "42,43,44").Split(',').Select(s => int.Parse(s, Inv)).ToArray();
        var secAggRounds = Args.Int(args, "--secagg-rounds", 4);
        var fmnistRounds = Args.Int(args, "--fmnist-rounds", 10);
        var fmnistRows = Args.Int(args, "--fmnist-rows", 12_000);
        var random = new Random(42);

        TorchRuntime.EnsureLoaded();
        var learner = new TorchLearner("cpu");
        // Sites train in parallel, one libtorch thread each, as in the fmnist benchmark.
        var simulator = new FederatedSimulator(learner, parallelism: Environment.ProcessorCount);
        TorchRuntime.SetThreads(1);
        var clock = Stopwatch.StartNew();

        Console.WriteLine("# Privacy: DP-SGD accuracy against epsilon, and secure-aggregation overhead");
        Console.WriteLine($"# {Machine.Describe()}");
        Console.WriteLine();
        var pbc3 = new JobSpec { Data = "pbc3", Rounds = rounds };
        DpTable(simulator, pbc3, seeds, "PBC3 (6 hospitals), logreg", StudyBuilder.Load);

        var folder = FashionMnist.DefaultDirectory;
        if (args.Contains("--skip-fmnist"))
        {
            Console.WriteLine("Fashion-MNIST: skipped (--skip-fmnist).");
        }
        else if (!File.Exists(Path.Combine(folder, "train-images-idx3-ubyte.gz"))
                 && !File.Exists(Path.Combine(folder, "train-images-idx3-ubyte")))
        {
            Console.WriteLine($"Fashion-MNIST: skipped, its files are not in {folder} " +
                              "(`apt-get install dataset-fashion-mnist`).");
        }
        else
        {
            // Small on purpose (a seeded subset, few rounds): per-record clipping makes DP-SGD slower than
            // plain SGD. The job has no subset option, so the subset goes through StudyBuilder.FromImages,
            // as the simulator's own loader does.
            var job = new JobSpec
            {
                Data = StudyBuilder.FashionMnistName, Model = "mlp", Hidden = [64], Rounds = fmnistRounds,
                LocalEpochs = 1, BatchSize = 64, Sites = 4, MinSites = 1, Seed = 42,
            };
            var images = FashionMnist.Load(train: true);
            var picked = Enumerable.Range(0, images.Count).OrderBy(_ => random.Next()).Take(fmnistRows);
            var subset = images.Subset([.. picked]);
            var title = $"Fashion-MNIST, {fmnistRows:N0} of the 60,000 training images, 4 iid sites, MLP 784-64-10";
            DpTable(simulator, job, [42], title,
                j => StudyBuilder.FromImages(j, subset, classNames: FashionMnist.ClassNames));
        }
        Console.WriteLine("Client-level DP (noise on the aggregate, protecting a whole site) is not wired into " +
                          "the simulator yet: no row for it.");
        Console.WriteLine();

        SecureAggregationOverhead.Table(simulator, secAggRounds, Args.Int(args, "--secagg-repeats", 3));
        Console.WriteLine();
        Console.WriteLine(string.Create(Inv, $"# total {clock.Elapsed.TotalMinutes:F1} min"));
        return 0;
    }

    /// <summary>
    /// One row per epsilon (and one without DP): the headline metric of the final federated model, mean
    /// over seeds, and the largest epsilon any site reported spending.
    /// </summary>
    private static void DpTable(
        FederatedSimulator simulator, JobSpec template, int[] seeds, string title, Func<JobSpec, StudyData> load)
    {
        var study = load(template with { Seed = seeds[0] });
        var metric = study.HeadlineMetric;
        var dp = new SampleDpOptions();
        Console.WriteLine(string.Create(Inv,
            $"## {title}: {template.Rounds} rounds x {template.LocalEpochs} local epoch(s), " +
            $"batch {template.BatchSize}, lr {template.LearningRate}; DP-SGD delta {dp.Delta:G3}, clip {dp.Clip}; " +
            $"seeds {string.Join(",", seeds)}; {study.Sites.Count} sites, " +
            $"{study.Sites.Min(s => s.Train.Count)}-{study.Sites.Max(s => s.Train.Count)} training rows each"));
        Console.WriteLine();
        Console.WriteLine($"| epsilon per site | pooled {metric} (mean over seeds) | min-max over seeds | " +
                          "max epsilon spent by a site | loss vs no DP | time per run (s) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        var rows = new List<(string Label, double Mean, double Min, double Max, double? Spent, double Seconds)>();
        foreach (var epsilon in Epsilons)
        {
            var values = new List<double>();
            double? spent = null;
            var watch = Stopwatch.StartNew();
            foreach (var seed in seeds)
            {
                var dpOptions = epsilon is { } e ? new SampleDpOptions { Epsilon = e } : null;
                var job = template with { Seed = seed, Dp = dpOptions };
                var run = simulator.RunFederated(job, seed == seeds[0] ? study : load(job));
                values.Add(run.Evaluation.Pooled.Get(metric));
                var s = run.Rounds.Select(r => r.Epsilon ?? 0).DefaultIfEmpty().Max();
                if (epsilon is not null) spent = Math.Max(spent ?? 0, s);
                Console.Error.WriteLine(string.Create(Inv,
                    $"[{title}] epsilon {epsilon?.ToString(Inv) ?? "none"}, seed {seed}: " +
                    $"{metric} {values[^1]:F4}, spent {s:F3}"));
            }
            rows.Add((epsilon?.ToString(Inv) ?? "no DP", values.Average(), values.Min(), values.Max(), spent,
                watch.Elapsed.TotalSeconds / seeds.Length));
        }
        var baseline = rows[^1].Mean;
        foreach (var r in rows)
        {
            var spentText = r.Spent is { } s ? s.ToString("F3", Inv) : "-";
            Console.WriteLine(string.Create(Inv,
                $"| {r.Label} | {r.Mean:F4} | {r.Min:F4}-{r.Max:F4} | {spentText} | " +
                $"{baseline - r.Mean:F4} | {r.Seconds:F2} |"));
        }
        Console.WriteLine();
    }
}
