using System.Diagnostics;
using System.Globalization;
using Arcanum.Core.Weights;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Simulation;
using Arcanum.Torch;

namespace Arcanum.Bench;

/// <summary>
/// The same FedAvg jobs run by a real loopback federation (a server and one process per site) and
/// by the in-process simulator. A job of R1 rounds and one of R2 rounds are timed end to end; the
/// difference over R2 − R1 is the time of one round, with set-up, the final evaluation and the
/// results files cancelled out.
/// </summary>
internal sealed class RoundsBenchmark(string root, IReadOnlyList<string> sites, IReadOnlyList<int> hidden, int shortRounds, int longRounds, int repeats)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(10);

    public sealed record Variant(string Label, SiteTables Tables, int BatchSize);

    /// <summary>Seconds per timed job, by rounds; the R2 job's final weights from each world.</summary>
    public sealed class Timings(Variant variant)
    {
        public Variant Variant { get; } = variant;
        public Dictionary<int, List<double>> Network { get; } = [];
        public Dictionary<int, List<double>> Simulator { get; } = [];
        public ModelWeights? NetworkWeights { get; set; }
        public ModelWeights? SimulatorWeights { get; set; }
    }

    /// <summary>The server's resident memory around one timed job (peak reset just before it).</summary>
    public sealed record ServerMemory(string Job, double Seconds, long RssBefore, long PeakDuring);

    /// <summary>The GC heap limit of the server's second life: well above its live data, far below what a lazy GC lets it grow to.</summary>
    public const int HeapLimitMegabytes = 768;

    public List<ServerMemory> Memory { get; } = [];

    public List<(string Site, long Peak)> SitePeaks { get; } = [];

    public string JobJson(Variant v, int rounds, string data) => $$"""
        { "name": "bench-{{v.Tables.Dataset}}-r{{rounds}}", "data": "{{data.Replace("\\", "\\\\", StringComparison.Ordinal)}}",
          "target": "diabetes", "positive": "pos", "site_column": "{{SiteTables.SiteColumn}}",
          "model": "mlp", "hidden": [{{string.Join(", ", hidden)}}], "algorithm": "fedavg", "rounds": {{rounds}}, "local_epochs": 1,
          "batch_size": {{v.BatchSize}}, "lr": 0.01, "seed": 7, "min_sites": {{sites.Count}}, "round_timeout_s": 600 }
        """;

    public IReadOnlyList<Timings> Run(IReadOnlyList<Variant> variants)
    {
        var results = variants.Select(v => new Timings(v)).ToList();
        var federationDir = Directory.CreateDirectory(Path.Combine(root, "federation")).FullName;
        using var federation = new LoopbackFederation(federationDir, sites);
        EventHandler killOnExit = (_, _) => federation.Dispose();
        AppDomain.CurrentDomain.ProcessExit += killOnExit;
        try
        {
            Progress($"starting the server and {sites.Count} site processes (--threads 1 each)");
            federation.StartServer();
            federation.StartSites(variants.ToDictionary(v => v.Tables.Dataset, v => (Func<string, string>)(s => v.Tables.SiteCsv[s])), threads: 1);
            federation.WaitForOnlineSites(TimeSpan.FromMinutes(3));

            // The simulator runs in this process: 2 sites at once, 1 torch thread each, the same 2 cores the 8 site processes share.
            TorchRuntime.SetThreads(1);
            var simulator = new FederatedSimulator(new TorchLearner(), progress: null, parallelism: 2);
            var studies = variants.ToDictionary(v => v, v => StudyBuilder.Load(Job(v, shortRounds, v.Tables.PooledCsv)));

            // Warm-up, not timed: loads libtorch and JITs both worlds' code paths.
            var warm = variants[^1];
            Progress($"warm-up: {warm.Label}, {shortRounds} round(s), network and simulator");
            federation.RunJob(WriteJob(warm, shortRounds), Poll, JobTimeout);
            simulator.RunFederated(Job(warm, shortRounds, warm.Tables.PooledCsv), studies[warm]);

            for (var repeat = 1; repeat <= repeats; repeat++)
            {
                foreach (var t in results)
                {
                    var v = t.Variant;
                    foreach (var rounds in new[] { shortRounds, longRounds })
                    {
                        var (jobId, elapsed) = TimedNetworkJob(federation, v, rounds, "");
                        Add(t.Network, rounds, elapsed.TotalSeconds);
                        if (rounds == longRounds && repeat == repeats) t.NetworkWeights = federation.DownloadModel(jobId);
                    }
                    foreach (var rounds in new[] { shortRounds, longRounds })
                    {
                        var clock = Stopwatch.StartNew();
                        var run = simulator.RunFederated(Job(v, rounds, v.Tables.PooledCsv), studies[v]);
                        Add(t.Simulator, rounds, clock.Elapsed.TotalSeconds);
                        Progress($"simulator {v.Label}, {rounds} round(s): {clock.Elapsed.TotalSeconds:F2} s");
                        if (rounds == longRounds) t.SimulatorWeights = run.Weights;
                    }
                }
            }

            // How much of the server's peak is live data and how much garbage the GC has not yet
            // needed to collect: the same job once more, the server restarted with a GC heap limit.
            Progress($"restarting the server with DOTNET_GCHeapHardLimit={HeapLimitMegabytes} MB");
            federation.StartServer(new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = $"0x{(long)HeapLimitMegabytes << 20:X}" });
            federation.WaitForOnlineSites(TimeSpan.FromMinutes(3));
            federation.RunJob(WriteJob(warm, shortRounds), Poll, JobTimeout);   // loads libtorch, so the peak below is the job's
            TimedNetworkJob(federation, variants[0], longRounds, $", server GC heap limited to {HeapLimitMegabytes} MB");
            foreach (var s in federation.Sites) SitePeaks.Add((s.Name, ProcMemory.Read(s.Pid).PeakBytes));
            return results;
        }
        finally
        {
            AppDomain.CurrentDomain.ProcessExit -= killOnExit;
        }
    }

    /// <summary>The model's exact size, from the learner that builds it.</summary>
    public long ParameterCount(Variant v)
    {
        var job = Job(v, shortRounds, v.Tables.PooledCsv);
        var study = StudyBuilder.Load(job);
        return new TorchLearner().Initialize(StudyModel.Spec(job, study), job.Seed).ParameterCount;
    }

    public static float MaxDifference(ModelWeights a, ModelWeights b)
    {
        if (!a.Arrays.Select(x => x.Name).Order(StringComparer.Ordinal).SequenceEqual(b.Arrays.Select(x => x.Name).Order(StringComparer.Ordinal)))
            throw new InvalidDataException("The two models have different arrays.");
        return a.Arrays.Max(x => x.Data.Zip(b[x.Name].Data, (p, q) => Math.Abs(p - q)).Max());
    }

    private (string JobId, TimeSpan Elapsed) TimedNetworkJob(LoopbackFederation federation, Variant v, int rounds, string note)
    {
        var server = federation.Server!.Pid;
        ProcMemory.ResetPeak(server);
        var before = ProcMemory.Read(server).RssBytes;
        var (jobId, elapsed) = federation.RunJob(WriteJob(v, rounds), Poll, JobTimeout);
        var memory = new ServerMemory($"{v.Label}, {rounds} round(s){note}", elapsed.TotalSeconds, before, ProcMemory.Read(server).PeakBytes);
        Memory.Add(memory);
        Progress($"network   {v.Label}, {rounds} round(s){note}: {elapsed.TotalSeconds:F2} s (job {jobId}); server RSS {memory.RssBefore / 1e6:F0} MB before, peak {memory.PeakDuring / 1e6:F0} MB");
        return (jobId, elapsed);
    }

    private JobSpec Job(Variant v, int rounds, string data) => JobSpec.Parse(JobJson(v, rounds, data));

    private string WriteJob(Variant v, int rounds)
    {
        var path = Path.Combine(root, $"job-{v.Tables.Dataset}-{rounds}.json");
        File.WriteAllText(path, JobJson(v, rounds, v.Tables.Dataset));
        return path;
    }

    private static void Add(Dictionary<int, List<double>> map, int rounds, double seconds)
    {
        if (!map.TryGetValue(rounds, out var list)) map[rounds] = list = [];
        list.Add(seconds);
    }

    private static void Progress(string line) =>
        Console.Error.WriteLine($"[network {DateTime.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}] {line}");
}
