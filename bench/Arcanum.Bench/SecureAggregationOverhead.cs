using System.Diagnostics;
using System.Globalization;
using Arcanum.Core.Weights;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Simulation;

namespace Arcanum.Bench;

/// <summary>
/// Secure aggregation against plain aggregation on the same simulated study (Pima split into 8 sites,
/// MLPs of about 1M and 10M parameters): time per round and how far apart the two final models are.
/// The plain and secure runs alternate, so a shared machine's drift does not favour either side.
/// </summary>
internal static class SecureAggregationOverhead
{
    private const double Target = 1.3;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Table(FederatedSimulator simulator, int rounds, int repeats)
    {
        Console.WriteLine(
            $"## Secure aggregation (SecAgg+) overhead: Pima, 8 iid sites, min_sites 3, FedAvg, {rounds} rounds " +
            $"x 1 local epoch, batch 32, seed 42; {simulator.Parallelism} sites train at once, 1 libtorch thread each");
        Console.WriteLine(
            $"# round time = mean wall time of rounds 2..{rounds} (round 1 includes model set-up), median of " +
            $"{repeats} plain/secure pairs run back to back; every round also evaluates the model on all " +
            "held-out rows");
        Console.WriteLine();
        Console.WriteLine("| model | parameters | plain round (s) | secure round (s) | secure / plain (median) | " +
                          "per-pair ratios | target | max abs(w_secure - w_plain) | max abs(w) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---|---:|---:|---:|");
        foreach (var hidden in new[] { new[] { 1000, 1000 }, new[] { 3160, 3160 } })
        {
            var job = new JobSpec
            {
                Data = "pima", Sites = 8, MinSites = 3, Model = "mlp", Hidden = hidden, Rounds = rounds,
                LocalEpochs = 1, Seed = 42,
            };
            var study = StudyBuilder.Load(job);
            var plainTimes = new List<double>();
            var secureTimes = new List<double>();
            var ratios = new List<double>();
            ModelWeights? plain = null, secure = null;
            for (var r = 0; r < repeats; r++)
            {
                // Back-to-back pairs in alternating order: the overhead is the median of per-pair ratios.
                double p, s;
                if (r % 2 == 0)
                {
                    (plain, p) = Timed(simulator, job, study);
                    (secure, s) = Timed(simulator, job with { SecureAggregation = true }, study);
                }
                else
                {
                    (secure, s) = Timed(simulator, job with { SecureAggregation = true }, study);
                    (plain, p) = Timed(simulator, job, study);
                }
                plainTimes.Add(p);
                secureTimes.Add(s);
                ratios.Add(s / p);
            }
            var ratio = Median(ratios);
            var pairs = string.Join(", ", ratios.Select(x => x.ToString("F2", Inv)));
            var verdict = ratio <= Target ? "met" : "missed";
            Console.WriteLine(string.Create(Inv,
                $"| mlp 8-{string.Join("-", hidden)}-2 | {plain!.ParameterCount:N0} | {Median(plainTimes):F2} | " +
                $"{Median(secureTimes):F2} | {ratio:F2} | {pairs} | <= {Target:F1} ({verdict}) | " +
                $"{MaxAbsDifference(plain, secure!):G3} | {MaxAbs(plain):G3} |"));
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>The final weights and the mean wall time of rounds 2..N, from the simulator's round reports.</summary>
    private static (ModelWeights Weights, double RoundSeconds) Timed(
        FederatedSimulator template, JobSpec job, StudyData study)
    {
        var marks = new RoundMarks();
        var simulator = new FederatedSimulator(new Arcanum.Torch.TorchLearner("cpu"), marks, template.Parallelism);
        marks.Clock.Restart();
        var run = simulator.RunFederated(job, study);
        var ends = string.Join(", ", marks.Ends.Select(t => t.ToString("F2", Inv)));
        Console.Error.WriteLine(
            $"[secagg] {job.Hidden![0]} hidden, secure {job.SecureAggregation}: round ends at {ends} s");
        var at = marks.Ends;
        var perRound = at.Count > 1 ? (at[^1] - at[0]) / (at.Count - 1) : at[0];
        return (run.Weights, perRound);
    }

    private static double MaxAbsDifference(ModelWeights a, ModelWeights b)
    {
        a.EnsureCompatible(b);
        var max = 0.0;
        foreach (var x in a.Arrays)
        {
            var y = b[x.Name].Data;
            for (var i = 0; i < x.Length; i++) max = Math.Max(max, Math.Abs(x.Data[i] - y[i]));
        }
        return max;
    }

    private static double MaxAbs(ModelWeights a) => a.Arrays.Max(x => x.Data.Max(v => Math.Abs(v)));

    /// <summary>Notes, synchronously, when each round's report arrives (Progress&lt;T&gt; posts later).</summary>
    private sealed class RoundMarks : IProgress<SimulationProgress>
    {
        public Stopwatch Clock { get; } = new();

        public List<double> Ends { get; } = [];

        public void Report(SimulationProgress value)
        {
            if (value.Stage == "federated") Ends.Add(Clock.Elapsed.TotalSeconds);
        }
    }
}
