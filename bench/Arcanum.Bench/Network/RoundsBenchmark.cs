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
internal sealed class RoundsBenchmark(string root, IReadOnlyList<string> sites, IReadOnlyList<int> hidden, int shortRounds, int longRounds, int repeats, int serverHeapMegabytes, int simulatorParallelism = 2)
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
        /// <summary>CPU seconds of the server and every site process together, per job, beside <see cref="Network"/>.</summary>
        public Dictionary<int, List<double>> NetworkCpu { get; } = [];
        /// <summary>CPU seconds of this process (the simulator), per run, beside <see cref="Simulator"/>.</summary>
        public Dictionary<int, List<double>> SimulatorCpu { get; } = [];
        public ModelWeights? NetworkWeights { get; set; }
        public ModelWeights? SimulatorWeights { get; set; }
    }

    /// <summary>The server's resident memory around one timed job (peak reset just before it); <paramref name="Failure"/> when the job did not complete.</summary>
    public sealed record ServerMemory(string Server, string Job, double Seconds, long RssBefore, long PeakDuring, string? Failure);

    public List<ServerMemory> Memory { get; } = [];

    public List<(string Site, long Peak)> SitePeaks { get; } = [];

    /// <summary>The server's RSS right after it started listening, before any job: as shipped, then each heap-limited restart.</summary>
    public List<long> IdleServerRss { get; } = [];

    private string JobJson(Variant v, int rounds, string data) => $$"""
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
            IdleServerRss.Add(ProcMemory.Read(federation.Server!.Pid).RssBytes);
            federation.StartSites(variants.ToDictionary(v => v.Tables.Dataset, v => (Func<string, string>)(s => v.Tables.SiteCsv[s])), threads: 1);
            federation.WaitForOnlineSites(TimeSpan.FromMinutes(3));

            // The simulator runs in this process: 2 sites at once (by default), 1 torch thread each, the same 2 cores the 8 site processes share.
            TorchRuntime.SetThreads(1);
            var simulator = new FederatedSimulator(new TorchLearner(), progress: null, parallelism: simulatorParallelism);
            var studies = variants.ToDictionary(v => v, v => StudyBuilder.Load(Job(v, shortRounds, v.Tables.PooledCsv)));

            // Warm-up, not timed: loads libtorch and JITs both worlds' code paths.
            var warm = variants[^1];
            Progress($"warm-up: {warm.Label}, {shortRounds} round(s), network and simulator");
            federation.RunCompletedJob(WriteJob(warm, shortRounds), Poll, JobTimeout);
            simulator.RunFederated(Job(warm, shortRounds, warm.Tables.PooledCsv), studies[warm]);

            for (var repeat = 1; repeat <= repeats; repeat++)
            {
                foreach (var t in results)
                {
                    var v = t.Variant;
                    foreach (var rounds in new[] { shortRounds, longRounds })
                    {
                        var cpu = federation.CpuSeconds();
                        var job = TimedNetworkJob(federation, v, rounds, "as shipped (heartbeat_timeout_s 30)", mustComplete: true);
                        Add(t.Network, rounds, job.Elapsed.TotalSeconds);
                        Add(t.NetworkCpu, rounds, federation.CpuSeconds() - cpu);
                        if (rounds == longRounds && repeat == repeats) t.NetworkWeights = federation.DownloadModel(job.JobId);
                    }
                    foreach (var rounds in new[] { shortRounds, longRounds })
                    {
                        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                        var clock = Stopwatch.StartNew();
                        var run = simulator.RunFederated(Job(v, rounds, v.Tables.PooledCsv), studies[v]);
                        Add(t.Simulator, rounds, clock.Elapsed.TotalSeconds);
                        Add(t.SimulatorCpu, rounds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
                        Progress($"simulator {v.Label}, {rounds} round(s): {clock.Elapsed.TotalSeconds:F2} s");
                        if (rounds == longRounds) t.SimulatorWeights = run.Weights;
                    }
                }
            }

            // How much of the server's peak it needs: the same job with the server restarted under a
            // GC heap limit, first with the kit's heartbeat timeout, then with a short one (closed
            // tasks stay on the task board for two heartbeat timeouts).
            var limit = new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = $"0x{(long)serverHeapMegabytes << 20:X}" };
            foreach (var heartbeat in new[] { 30, 3 })
            {
                var label = $"GC heap ≤ {serverHeapMegabytes} MB, heartbeat_timeout_s {heartbeat}";
                Progress($"restarting the server: {label}");
                federation.StartServer(limit, heartbeat);
                IdleServerRss.Add(ProcMemory.Read(federation.Server!.Pid).RssBytes);
                federation.WaitForOnlineSites(TimeSpan.FromMinutes(3));
                // Loads libtorch, so the peak below is the job's; a failure here (out of memory) shows in the timed job's row.
                federation.RunJob(WriteJob(warm, shortRounds), Poll, JobTimeout);
                TimedNetworkJob(federation, variants[0], longRounds, label, mustComplete: false);
            }
            foreach (var s in federation.Sites) SitePeaks.Add((s.Name, ProcMemory.Read(s.Pid).PeakBytes));
            return results;
        }
        finally
        {
            AppDomain.CurrentDomain.ProcessExit -= killOnExit;
        }
    }

    /// <summary>The model's layer sizes and exact parameter count, from the learner that builds it.</summary>
    public (string Layers, long Parameters) Model(Variant v)
    {
        var job = Job(v, shortRounds, v.Tables.PooledCsv);
        var spec = StudyModel.Spec(job, StudyBuilder.Load(job));
        var layers = string.Join('-', new[] { spec.InputSize }.Concat(spec.HiddenSizes).Append(spec.ClassCount));
        return (layers, new TorchLearner().Initialize(spec, job.Seed).ParameterCount);
    }

    public static float MaxDifference(ModelWeights a, ModelWeights b)
    {
        if (!a.Arrays.Select(x => x.Name).Order(StringComparer.Ordinal).SequenceEqual(b.Arrays.Select(x => x.Name).Order(StringComparer.Ordinal)))
            throw new InvalidDataException("The two models have different arrays.");
        return a.Arrays.Max(x => x.Data.Zip(b[x.Name].Data, (p, q) => Math.Abs(p - q)).Max());
    }

    private LoopbackFederation.JobOutcome TimedNetworkJob(LoopbackFederation federation, Variant v, int rounds, string serverLabel, bool mustComplete)
    {
        var server = federation.Server!.Pid;
        ProcMemory.ResetPeak(server);
        var before = ProcMemory.Read(server).RssBytes;
        var job = mustComplete ? federation.RunCompletedJob(WriteJob(v, rounds), Poll, JobTimeout) : federation.RunJob(WriteJob(v, rounds), Poll, JobTimeout);
        var exception = System.Text.RegularExpressions.Regex.Match(job.Message, @"\w+Exception");
        var failure = job.Completed ? null : $"{job.State} after {job.RoundsDone} of {rounds} rounds: {(exception.Success ? exception.Value : job.Message.Split('\n')[0])}";
        var memory = new ServerMemory(serverLabel, $"{v.Label}, {rounds} round(s)", job.Elapsed.TotalSeconds, before, ProcMemory.Read(server).PeakBytes, failure);
        if (rounds == longRounds) Memory.Add(memory);
        Progress($"network   {v.Label}, {rounds} round(s), server {serverLabel}: {job.Elapsed.TotalSeconds:F2} s (job {job.JobId}{(failure is null ? "" : ", " + failure)}); " +
                 $"server RSS {memory.RssBefore / 1e6:F0} MB before, peak {memory.PeakDuring / 1e6:F0} MB");
        return job;
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
