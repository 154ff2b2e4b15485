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
        var copyGBs = 2.0 * modelBytes / copySeconds / 1e9; // read + write

        // Streaming FedAvg: fold each arriving update; time only the folding, not the "arrival".
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        Machine.ResetPeakRss();
        var rssBefore = Machine.CurrentRss();
        var best = double.MaxValue;
        for (var r = 0; r < repeats; r++)
        {
            var accumulator = new WeightedMeanAccumulator(template);
            var total = 0.0;
            for (var s = 0; s < sites; s++)
            {
                Fill(incoming, s + 1);
                var clock = Stopwatch.StartNew();
                accumulator.Add(incoming, weights[s]);
                total += clock.Elapsed.TotalSeconds;
            }
            var finish = Stopwatch.StartNew();
            _ = accumulator.Result();
            total += finish.Elapsed.TotalSeconds;
            best = Math.Min(best, total);
        }
        var allocatedPerRound = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / (double)repeats;
        var peakGrowth = Math.Max(0, Machine.PeakRss() - rssBefore);
        // FedAvg reads each update once: bytes of updates consumed per second.
        var fedavgGBs = sites * (double)modelBytes / best / 1e9;
        // Per element it reads the update and the sum and writes the sum: 3 streams vs the copy's 2.
        var fedavgTrafficGBs = 3.0 * sites * modelBytes / best / 1e9;

        // For contrast: the naive way, holding all 8 updates before averaging.
        GC.Collect();
        var naiveAllocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var held = new List<ModelWeights>();
        for (var s = 0; s < sites; s++)
        {
            Fill(incoming, s + 1);
            held.Add(incoming.Clone());
        }
        var naive = new WeightedMeanAccumulator(template);
        for (var s = 0; s < sites; s++) naive.Add(held[s], weights[s]);
        _ = naive.Result();
        var naiveAllocated = GC.GetTotalAllocatedBytes(precise: true) - naiveAllocatedBefore;
        held.Clear();

        Console.WriteLine($"# Aggregation: FedAvg over {sites} updates of a {template.ParameterCount / 1e6:F1}M-parameter model ({modelBytes / 1e6:F0} MB each)");
        Console.WriteLine($"# {Machine.Describe()}; best of {repeats}");
        Console.WriteLine();
        Console.WriteLine("| measure | value | reference | ratio |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine($"| FedAvg, update bytes consumed per second | {fedavgGBs:F2} GB/s | memory copy {copyGBs:F2} GB/s | {fedavgGBs / copyGBs:F2} |");
        Console.WriteLine($"| FedAvg, memory traffic (3 streams) | {fedavgTrafficGBs:F2} GB/s | memory copy {copyGBs:F2} GB/s (2 streams) | {fedavgTrafficGBs / copyGBs:F2} |");
        Console.WriteLine($"| time per round ({sites} updates) | {best * 1e3:F1} ms | one copy of one model {copySeconds * 1e3:F2} ms | |");
        Console.WriteLine($"| managed memory allocated per round | {allocatedPerRound / 1e6:F0} MB | {sites} updates = {sites * modelBytes / 1e6:F0} MB | {allocatedPerRound / (sites * (double)modelBytes):F2} |");
        Console.WriteLine($"| peak RSS growth while aggregating | {peakGrowth / 1e6:F0} MB | {sites} updates = {sites * modelBytes / 1e6:F0} MB | {peakGrowth / (sites * (double)modelBytes):F2} |");
        Console.WriteLine($"| naive (hold all {sites}, then average): allocated | {naiveAllocated / 1e6:F0} MB | {sites} updates = {sites * modelBytes / 1e6:F0} MB | {naiveAllocated / (sites * (double)modelBytes):F2} |");
        return 0;
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
