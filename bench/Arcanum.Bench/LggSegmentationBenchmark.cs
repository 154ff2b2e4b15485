using System.Diagnostics;
using System.Globalization;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Simulation;
using Arcanum.Torch;

namespace Arcanum.Bench;

/// <summary>
/// EXAM's question on the LGG brain MRIs (../shared/data/lgg_mri, four real hospitals): per-site and
/// pooled Dice of the federated U-Net, the central model (all hospitals' training patients pooled)
/// and each hospital's own model, on held-out patients of every hospital; side by side with Buda et
/// al.'s central Dice (0.836, 22-fold cross-validation on all data, 3 MRI channels at 256x256) and
/// the two readers' agreement (0.84). Also the time per epoch of the U-Net on this machine.
/// </summary>
internal static class LggSegmentationBenchmark
{
    private const double BudaCentralDice = 0.836;

    public static int Run(string[] args)
    {
        var data = Args.String(args, "--data", Path.Combine("..", "shared", "data", "lgg_mri"));
        if (!Directory.Exists(data))
        {
            Console.Error.WriteLine($"LGG data not found at '{data}'; pass --data path/to/lgg_mri (see ../shared/data/README.md).");
            return 2;
        }
        var job = new JobSpec
        {
            Data = data, Task = JobSpec.SegmentationTask, Model = "unet",
            ImageSize = Args.Int(args, "--size", 64), Rounds = Args.Int(args, "--rounds", 8), LocalEpochs = Args.Int(args, "--local-epochs", 1),
            BatchSize = 16, Optimizer = "adam", LearningRate = 0.001, Algorithm = Args.String(args, "--algorithm", "fedavg"), Seed = 42,
        };
        TorchRuntime.EnsureLoaded();
        var clock = Stopwatch.StartNew();
        var study = ImageStudy.Load(job);
        var loadSeconds = clock.Elapsed.TotalSeconds;
        var stages = new Dictionary<string, (TimeSpan First, TimeSpan Last)>(StringComparer.Ordinal);
        var progress = new Progress(clock, stages);
        var simulator = new FederatedSimulator(new TorchLearner(Args.String(args, "--device", "cpu")), progress, Math.Min(Environment.ProcessorCount, study.Sites.Count))
        {
            ConcurrencyChanged = trainings => TorchRuntime.SetThreads(Math.Max(1, Environment.ProcessorCount / trainings)),
        };
        var result = simulator.Run(job, study);

        var size = job.ImageSize!.Value;
        Console.WriteLine($"# LGG brain MRI segmentation by hospital: {study.Sites.Sum(s => s.Train.Count + s.Holdout.Count)} FLAIR slices of {study.Sites.Sum(s => (s.Train.Groups ?? []).Concat(s.Holdout.Groups ?? []).Distinct().Count())} patients at {size}x{size}, 1 channel");
        Console.WriteLine($"# U-Net [{string.Join(", ", result.Spec.HiddenSizes)}] ({result.Weights.ParameterCount:N0} parameters), {job.Algorithm} {job.Rounds} rounds x {job.LocalEpochs} local epoch(s), Adam lr {job.LearningRate.ToString(CultureInfo.InvariantCulture)}, batch {job.BatchSize}, augmentation on, seed {job.Seed}");
        Console.WriteLine($"# {Machine.Describe()}; TorchSharp 0.107 / libtorch 2.10 CPU");
        Console.WriteLine();
        Console.WriteLine("| hospital | train slices | held-out patients | federated Dice | central Dice | own model Dice | other hospitals' models (mean) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var site in study.Sites)
        {
            var others = result.Local.Where(l => l.Site != site.Name).Select(l => l.PerSite[site.Name].Get("dice")).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average();
            var own = result.Local.First(l => l.Site == site.Name).Own;
            Console.WriteLine($"| {site.Name} | {site.Train.Count} | {result.Federated.PerSite[site.Name].Count} | {F(result.Federated.PerSite[site.Name].Get("dice"))} | {F(result.Central.PerSite[site.Name].Get("dice"))} | {F(own.Get("dice"))} | {F(others)} |");
        }
        Console.WriteLine($"| **all (pooled patients)** | {study.Sites.Sum(s => s.Train.Count)} | {result.Federated.Pooled.Count} | **{F(result.Federated.Pooled.Get("dice"))}** | {F(result.Central.Pooled.Get("dice"))} | {F(result.Local.Select(l => l.Own.Get("dice")).Where(double.IsFinite).Average())} (mean) | {F(result.LocalOnOthersMean)} (mean on others) |");
        Console.WriteLine();
        var ci = result.Federated.IntervalOf(FederatedSimulator.PooledSiteName);
        Console.WriteLine($"Federated Dice {F(result.Federated.Pooled.Get("dice"))}{(ci is null ? "" : $" (95% CI {F(ci.Lower)}-{F(ci.Upper)})")}, HD95 {F(result.Federated.Pooled.Get("hd95"))} px; central {F(result.Central.Pooled.Get("dice"))}, HD95 {F(result.Central.Pooled.Get("hd95"))} px.");
        Console.WriteLine($"Against Buda et al.'s central {BudaCentralDice} (all data, 3 channels, 256x256): federated {Ratio(result.Federated.Pooled.Get("dice"))}, central {Ratio(result.Central.Pooled.Get("dice"))}. Two expert readers agree at 0.84.");
        var central = stages.GetValueOrDefault("central");
        var centralEpochs = job.Rounds * job.LocalEpochs;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Time: loading {loadSeconds:F1} s; central U-Net {(central.Last - central.First).TotalSeconds / centralEpochs:F1} s per epoch of {study.Sites.Sum(s => s.Train.Count)} slices ({Environment.ProcessorCount} libtorch thread(s)); whole run {clock.Elapsed.TotalMinutes:F1} min."));
        return 0;
    }

    private static string Ratio(double dice) => double.IsFinite(dice) ? $"{dice / BudaCentralDice:F2}x" : "n/a";

    private static string F(double v) => double.IsFinite(v) ? v.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";

    private sealed class Progress(Stopwatch clock, Dictionary<string, (TimeSpan First, TimeSpan Last)> stages) : IProgress<SimulationProgress>
    {
        public void Report(SimulationProgress value)
        {
            lock (stages)
            {
                var now = clock.Elapsed;
                stages[value.Stage] = stages.TryGetValue(value.Stage, out var s) ? (s.First, now) : (now, now);
                Console.Error.WriteLine($"[{now.TotalMinutes:F1} min] {value.Message}");
            }
        }
    }
}
