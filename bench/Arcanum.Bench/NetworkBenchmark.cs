using System.Diagnostics;
using System.Globalization;

namespace Arcanum.Bench;

/// <summary>
/// The network federation against references measured in the same run: round wall time of an
/// ~11M-parameter MLP with 8 sites over loopback against the in-process simulator, payload
/// throughput of the gRPC transfers against raw loopback TCP and TLS, and the server's peak memory
/// against the model's size.
/// </summary>
internal static class NetworkBenchmark
{
    private const int SiteCount = 8;

    public static int Run(string[] args)
    {
        Options options;
        try
        {
            options = Options.Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        var sites = Enumerable.Range(1, SiteCount).Select(i => $"site-{i}").ToList();
        var root = Directory.CreateTempSubdirectory("arcanum-bench-network-").FullName;
        var clock = Stopwatch.StartNew();
        try
        {
            Console.WriteLine($"# Network federation: {SiteCount} sites over loopback, against the in-process simulator and raw sockets");
            Console.WriteLine($"# {Machine.Describe()}");
            Console.WriteLine();
            IReadOnlyList<TransferBenchmark.Row>? transfer = null;
            if (!options.SkipTransfer)
            {
                transfer = TransferBenchmark.RunAsync(Directory.CreateDirectory(Path.Combine(root, "transfer")).FullName, options.PayloadMegabytes, options.TransferRepeats)
                    .GetAwaiter().GetResult();
                PrintTransfer(transfer, options);
            }
            if (!options.SkipRounds) RunRounds(root, sites, options, transfer);
            Console.WriteLine($"Total time {clock.Elapsed.TotalMinutes:F1} min.");
            return 0;
        }
        catch (Exception e)
        {
            // Caught here so the finally blocks below run and kill the processes this benchmark started.
            Console.Error.WriteLine($"[network] failed: {e}");
            return 1;
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException e)
            {
                Console.Error.WriteLine($"[network] could not delete {root}: {e.Message}");
            }
        }
    }

    private static void RunRounds(string root, IReadOnlyList<string> sites, Options o, IReadOnlyList<TransferBenchmark.Row>? transfer)
    {
        var data = Directory.CreateDirectory(Path.Combine(root, "data")).FullName;
        RoundsBenchmark.Variant[] variants =
        [
            new($"training-bound: Pima × {o.Copies}, batch 32", SiteTables.Write(data, $"pima-x{o.Copies}", sites, o.Copies), 32),
            new($"communication-bound: first {o.SmallRows} Pima rows, one batch", SiteTables.Write(data, "pima-small", sites, 1, o.SmallRows), 4096),
        ];
        var bench = new RoundsBenchmark(root, sites, o.Hidden, o.ShortRounds, o.LongRounds, o.Repeats, o.ServerHeapMegabytes, o.SimulatorParallelism);
        var (layers, parameters) = bench.Model(variants[0]);
        var modelBytes = parameters * sizeof(float);
        var timings = bench.Run(variants);

        Console.WriteLine($"## Round wall time: FedAvg, {sites.Count} sites, MLP {layers}");
        Console.WriteLine();
        Console.WriteLine($"Sites site-1..site-{sites.Count}: row i of the bundled Pima table (768 rows, 8 features) goes to site-(i mod {sites.Count}). Training-bound: every row {o.Copies} times " +
                          $"(repeated so each site trains on a few hundred rows); communication-bound: only the first {o.SmallRows} rows, batch larger than a site's rows, so a round is one SGD step per site.");
        Console.WriteLine();
        Console.WriteLine($"{parameters:N0} parameters ({modelBytes / 1e6:F1} MB of float32 per copy); 1 local epoch, SGD lr 0.01 momentum 0.9, seed 7, min_sites {sites.Count}, " +
                          $"evaluation on every site's held-out rows each round. Per round = (T({o.LongRounds}) − T({o.ShortRounds})) / {o.LongRounds - o.ShortRounds}, " +
                          $"T = submit → completed{(o.Repeats > 1 ? $", best of {o.Repeats}" : "")}. Network: a server and {sites.Count} site processes, `--threads 1` each " +
                          $"({Environment.ProcessorCount} cores for {sites.Count + 1} processes). Simulator: `FederatedSimulator.RunFederated` in this process, {o.SimulatorParallelism} sites at a time, 1 torch thread each.");
        Console.WriteLine();
        Console.WriteLine($"| variant | rows per site | network T({o.ShortRounds}) | network T({o.LongRounds}) | network per round | simulator T({o.ShortRounds}) | simulator T({o.LongRounds}) | simulator per round | network / simulator | max \\|w_net − w_sim\\| |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var t in timings)
        {
            var (n1, n2) = (t.Network[o.ShortRounds].Min(), t.Network[o.LongRounds].Min());
            var (s1, s2) = (t.Simulator[o.ShortRounds].Min(), t.Simulator[o.LongRounds].Min());
            var perNet = (n2 - n1) / (o.LongRounds - o.ShortRounds);
            var perSim = (s2 - s1) / (o.LongRounds - o.ShortRounds);
            var diff = RoundsBenchmark.MaxDifference(t.NetworkWeights!, t.SimulatorWeights!);
            Console.WriteLine($"| {t.Variant.Label} | {t.Variant.Tables.RowsPerSite} | {n1:F2} s | {n2:F2} s | **{perNet:F2} s** | {s1:F2} s | {s2:F2} s | **{perSim:F2} s** | **{perNet / perSim:F2}x** | {diff:E1} |");
        }
        Console.WriteLine();
        // On 2 cores shared by 9 processes the wall clock wanders by seconds between runs; the CPU each world spends
        // per round is steadier and says how much work the network adds, whatever the scheduler made of it.
        Console.WriteLine($"CPU per round: the server's and the {sites.Count} sites' CPU seconds (network) against this process's (simulator), over the same jobs, lowest of each.");
        Console.WriteLine();
        // The least CPU any transport over mutual TLS can add: the round's bytes (a download and an upload of the model per
        // site) at the raw-TLS reference's CPU per byte, both ends, measured above in this run. Where the round is bound by
        // CPU, as with nine processes on a few cores, floor / simulator is the best wall ratio a network round can reach here.
        var tls = transfer?.Single(r => r.Name == "raw loopback TLS");
        var roundBytes = 2L * sites.Count * modelBytes;
        var tlsCpu = tls is null ? (double?)null : tls.CpuSeconds / tls.Bytes * roundBytes;
        Console.WriteLine(tlsCpu is null
            ? "| variant | network CPU per round | simulator CPU per round | network / simulator |"
            : "| variant | network CPU per round | simulator CPU per round | network / simulator | raw-TLS floor: simulator + TLS for the round's bytes | floor / simulator | network / floor |");
        Console.WriteLine(tlsCpu is null ? "|---|---:|---:|---:|" : "|---|---:|---:|---:|---:|---:|---:|");
        foreach (var t in timings)
        {
            var perNet = (t.NetworkCpu[o.LongRounds].Min() - t.NetworkCpu[o.ShortRounds].Min()) / (o.LongRounds - o.ShortRounds);
            var perSim = (t.SimulatorCpu[o.LongRounds].Min() - t.SimulatorCpu[o.ShortRounds].Min()) / (o.LongRounds - o.ShortRounds);
            var floor = perSim + tlsCpu;
            Console.WriteLine($"| {t.Variant.Label} | {perNet:F2} s | {perSim:F2} s | **{perNet / perSim:F2}x** |" +
                              (floor is { } f ? $" {f:F2} s | **{f / perSim:F2}x** | {perNet / f:F2}x |" : ""));
        }
        Console.WriteLine();
        if (tlsCpu is { } c)
        {
            Console.WriteLine($"The floor adds {c:F2} CPU-s per round: {roundBytes / 1e6:F0} MB ({sites.Count} downloads and {sites.Count} uploads of the model) at raw mutual TLS's " +
                              $"{tls!.CpuSeconds / (tls.Bytes / 1e9):F2} CPU-s per GB (both ends), the reference row of the transfer table. No transport over TLS on this machine spends less.");
            Console.WriteLine();
        }
        if (transfer is not null)
        {
            // What moving the weights alone costs a round at the throughput measured above (one transfer at a time).
            var down = transfer.Single(r => r.Name.StartsWith("bulk HTTP/1.1 download", StringComparison.Ordinal)).MegabytesPerSecond * 1e6;
            var up = transfer.Single(r => r.Name.StartsWith("bulk HTTP/1.1 upload", StringComparison.Ordinal)).MegabytesPerSecond * 1e6;
            var seconds = sites.Count * modelBytes / down + sites.Count * modelBytes / up;
            Console.WriteLine($"Moving the weights alone ({sites.Count} downloads and {sites.Count} uploads of {modelBytes / 1e6:F1} MB = {2 * sites.Count * modelBytes / 1e6:F0} MB per round) " +
                              $"takes {seconds:F2} s per round at the bulk throughput measured above (the path `arcanum site` uses).");
            Console.WriteLine();
        }

        Console.WriteLine($"## Server memory with {sites.Count} sites");
        Console.WriteLine();
        Console.WriteLine($"Server process (`arcanum server`): VmRSS just before each {o.LongRounds}-round job (its peak reset there by writing 5 to /proc/PID/clear_refs) and VmHWM after it. " +
                          $"As shipped: workstation GC, kit defaults; idle right after start {bench.IdleServerRss[0] / 1e6:F0} MB (libtorch not yet loaded). " +
                          $"Then the server is restarted with DOTNET_GCHeapHardLimit={o.ServerHeapMegabytes} MB ({o.ServerHeapMegabytes * 1e6 * 1.048576 / modelBytes:F1} models), " +
                          "first with the kit's heartbeat_timeout_s (30), then with 3; each restart runs one untimed 1-round job before the measured one.");
        Console.WriteLine();
        Console.WriteLine($"| server | job | job time | RSS before | peak during | peak − before | in models ({modelBytes / 1e6:F1} MB) | {sites.Count} models |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var m in bench.Memory)
        {
            var grew = m.PeakDuring - m.RssBefore;
            var time = m.Failure is null ? $"{m.Seconds:F1} s" : $"**{m.Failure}**";
            Console.WriteLine($"| {m.Server} | {m.Job} | {time} | {m.RssBefore / 1e6:F0} MB | {m.PeakDuring / 1e6:F0} MB | {grew / 1e6:F0} MB | {grew / (double)modelBytes:F1} | {sites.Count * modelBytes / 1e6:F0} MB |");
        }
        var peaks = bench.SitePeaks.Select(p => p.Peak).Order().ToList();
        Console.WriteLine();
        Console.WriteLine($"Site processes' peak RSS over the whole run (VmHWM): min {peaks[0] / 1e6:F0} MB, median {peaks[peaks.Count / 2] / 1e6:F0} MB, max {peaks[^1] / 1e6:F0} MB; sum {peaks.Sum() / 1e6:F0} MB.");
        Console.WriteLine();
    }

    private static void PrintTransfer(IReadOnlyList<TransferBenchmark.Row> rows, Options o)
    {
        var tcp = rows.Single(r => r.Name == "raw loopback TCP").MegabytesPerSecond;
        var tls = rows.Single(r => r.Name == "raw loopback TLS").MegabytesPerSecond;
        Console.WriteLine($"## Transfer throughput: {o.PayloadMegabytes} MiB over loopback, best of {o.TransferRepeats}");
        Console.WriteLine();
        Console.WriteLine("Sender and receiver both in this process (2 cores). gRPC and bulk: a real `ServerHost` with the server kit and a site's own transfer code over the site kit's connections (`Channels.ToServer`, `Channels.BulkToServer`), mutual TLS; uploads carry no SHA-256 and downloads are not hashed, as Arcanum's sites move them (a site hashes only a resumed download); connection set-up not counted.");
        Console.WriteLine();
        Console.WriteLine("| transfer | how | MB/s | vs raw TCP | vs raw TLS | CPU s per GB (both ends) | managed bytes allocated per byte moved |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            Console.WriteLine($"| {r.Name} | {r.What} | {r.MegabytesPerSecond:F0} | {r.MegabytesPerSecond / tcp:F2} | {r.MegabytesPerSecond / tls:F2} | " +
                              $"{r.CpuSeconds / (r.Bytes / 1e9):F2} | {r.AllocatedBytes / (double)r.Bytes:F2} |");
        }
        Console.WriteLine();
    }

    private sealed record Options(int ShortRounds, int LongRounds, int Repeats, int Copies, int SmallRows, int[] Hidden,
        int PayloadMegabytes, int TransferRepeats, int ServerHeapMegabytes, bool SkipTransfer, bool SkipRounds, int SimulatorParallelism)
    {
        public static Options Parse(string[] args)
        {
            var o = new Options(1, 4, 3, 4, 192, [3300, 3300], 256, 3, 384, false, false, 2);
            for (var i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
                int Int() => int.Parse(Next(), CultureInfo.InvariantCulture);
                o = args[i] switch
                {
                    "--rounds" => Next().Split(',') is [var a, var b] ? o with { ShortRounds = int.Parse(a, CultureInfo.InvariantCulture), LongRounds = int.Parse(b, CultureInfo.InvariantCulture) } : throw new ArgumentException("--rounds takes R1,R2, e.g. 1,4."),
                    "--repeats" => o with { Repeats = Int() },
                    "--copies" => o with { Copies = Int() },
                    "--small-rows" => o with { SmallRows = Int() },
                    "--hidden" => o with { Hidden = Next().Split(',').Select(h => int.Parse(h, CultureInfo.InvariantCulture)).ToArray() },
                    "--payload-mb" => o with { PayloadMegabytes = Int() },
                    "--transfer-repeats" => o with { TransferRepeats = Int() },
                    "--server-heap-mb" => o with { ServerHeapMegabytes = Int() },
                    "--skip-transfer" => o with { SkipTransfer = true },
                    "--skip-rounds" => o with { SkipRounds = true },
                    "--simulator-parallelism" => o with { SimulatorParallelism = Int() },
                    _ => throw new ArgumentException($"Unknown option {args[i]}. Options: --rounds R1,R2 --repeats N --copies N --small-rows N --hidden H1,H2 --payload-mb N --transfer-repeats N --server-heap-mb N --skip-transfer --skip-rounds --simulator-parallelism N"),
                };
            }
            if (o.ShortRounds < 1 || o.LongRounds <= o.ShortRounds) throw new ArgumentException("--rounds R1,R2 needs 1 <= R1 < R2.");
            if (o.SimulatorParallelism < 1) throw new ArgumentException("--simulator-parallelism needs at least 1.");
            return o;
        }
    }
}
