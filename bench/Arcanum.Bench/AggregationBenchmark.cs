using System.Diagnostics;
using System.Globalization;
using Arcanum.Core.Weights;
using Arcanum.Federated.Aggregation;

namespace Arcanum.Bench;

/// <summary>
/// FedAvg over 8 updates of an 11M-parameter model, against a plain memory copy measured in the same
/// run. Updates arrive one at a time into one receive buffer (as they would off the network), so the
/// aggregator's own memory is what the peak figures show.
/// </summary>
internal static class AggregationBenchmark
{
    private static readonly (string Name, int[] Shape)[] Layers =
    [
        ("encoder.weight", [4096, 2048]), ("encoder.bias", [4096]),
        ("hidden.weight", [1024, 2048]), ("hidden.bias", [1024]),
        ("head.weight", [512, 1024]), ("head.bias", [512]),
        ("out.weight", [10, 512]), ("out.bias", [10]),
    ];

    public static int Run(string[] args)
    {
        var sites = 8;
        var repeats = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
        var template = new ModelWeights(Layers.Select(l => new NamedArray(l.Name, l.Shape, new float[l.Shape.Aggregate(1, (a, b) => a * b)])));
        var modelBytes = template.ParameterCount * sizeof(float);
        var incoming = template.ZerosLike();
        var weights = Enumerable.Range(1, sites).Select(i => 100.0 + 37 * i).ToArray();

        // Reference: memory copy bandwidth for one model's worth, same arrays, same run.
        var copyTarget = template.ZerosLike();
        Fill(incoming, 1);
        var copySeconds = Best(repeats, () =>
        {
            for (var i = 0; i < incoming.Count; i++) incoming.Arrays[i].Data.AsSpan().CopyTo(copyTarget.Arrays[i].Data);
        });

        // Streaming FedAvg: fold each arriving update; time only the folding, not the "arrival".
        var best = double.MaxValue;
        for (var r = 0; r < repeats; r++)
        {
            var total = 0.0;
            OneRound(template, incoming, weights, seconds => total += seconds);
            best = Math.Min(best, total);
        }

        // Memory of one round, measured on its own after a full collection.
        var allocated = Allocated(() => OneRound(template, incoming, weights, _ => { }));
        // For contrast: the naive way, holding every update until all have arrived.
        var naiveAllocated = Allocated(() =>
        {
            var held = new List<ModelWeights>();
            for (var s = 0; s < sites; s++)
            {
                Fill(incoming, s + 1);
                held.Add(incoming.Clone());
            }
            var naive = new WeightedMeanAccumulator(template);
            for (var s = 0; s < sites; s++) naive.Add(held[s], weights[s]);
            _ = naive.Result();
        });

        var copyGBs = modelBytes / copySeconds / 1e9;               // bytes copied per second
        var fedavgGBs = sites * (double)modelBytes / best / 1e9;    // update bytes folded per second
        var copyTraffic = 2 * copyGBs;                              // a copy reads and writes each byte
        var fedavgTraffic = 3 * fedavgGBs;                          // read update, read sum, write sum
        var updates = sites * (double)modelBytes;

        Console.WriteLine($"# Aggregation: FedAvg over {sites} updates of a {template.ParameterCount / 1e6:F1}M-parameter model ({modelBytes / 1e6:F0} MB each)");
        Console.WriteLine($"# {Machine.Describe()}; best of {repeats}");
        Console.WriteLine();
        Console.WriteLine("| measure | Arcanum FedAvg | reference, same run | ratio |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine($"| throughput: update bytes folded per second vs bytes copied per second | {fedavgGBs:F2} GB/s | memory copy {copyGBs:F2} GB/s | {fedavgGBs / copyGBs:F2} |");
        Console.WriteLine($"| memory traffic (FedAvg 3 streams, copy 2) | {fedavgTraffic:F2} GB/s | {copyTraffic:F2} GB/s | {fedavgTraffic / copyTraffic:F2} |");
        Console.WriteLine($"| time per round ({sites} updates) | {best * 1e3:F1} ms | copying {sites} models {sites * copySeconds * 1e3:F1} ms | |");
        Console.WriteLine($"| managed memory allocated in one round | {allocated / 1e6:F0} MB | naive (hold all {sites}): {naiveAllocated / 1e6:F0} MB; {sites} updates = {updates / 1e6:F0} MB | {allocated / updates:F2} of {sites} updates |");
        return 0;
    }

    private static void OneRound(ModelWeights template, ModelWeights incoming, double[] weights, Action<double> timed)
    {
        var accumulator = new WeightedMeanAccumulator(template);
        for (var s = 0; s < weights.Length; s++)
        {
            Fill(incoming, s + 1);
            var clock = Stopwatch.StartNew();
            accumulator.Add(incoming, weights[s]);
            timed(clock.Elapsed.TotalSeconds);
        }
        var finish = Stopwatch.StartNew();
        _ = accumulator.Result();
        timed(finish.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Managed bytes one round allocates: exact, unlike RSS, which the GC keeps high by reusing
    /// pages that are already resident.
    /// </summary>
    private static double Allocated(Action action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        action();
        return GC.GetTotalAllocatedBytes(precise: true) - before;
    }

    private static void Fill(ModelWeights weights, int site)
    {
        foreach (var a in weights.Arrays)
        {
            var d = a.Data;
            for (var i = 0; i < d.Length; i++) d[i] = (i % 97) * 0.001f * site;
        }
    }

    private static double Best(int repeats, Action action)
    {
        action();
        var best = double.MaxValue;
        for (var r = 0; r < repeats; r++)
        {
            var clock = Stopwatch.StartNew();
            action();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return best;
    }
}
