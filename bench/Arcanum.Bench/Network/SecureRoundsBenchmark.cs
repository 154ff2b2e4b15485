using System.Diagnostics;
using System.Globalization;
using Arcanum.Core.Weights;

namespace Arcanum.Bench;

/// <summary>
/// Secure aggregation over a real loopback federation (a server and 8 site processes, mutual TLS) against the
/// plain round, same sites, same run: FedAvg on models of about 1M and 10M parameters, communication-bound (one
/// SGD step per site) so the protocol's cost is not hidden behind training. Per round = (T(R2) − T(R1)) / (R2 − R1),
/// T = submit → completed, best of N. Also the largest difference between the two final models (the quantisation bound).
/// </summary>
internal static class SecureRoundsBenchmark
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public static int Run(string[] args)
    {
        var (r1, r2, repeats) = (1, 3, 2);
        int[][] models = [[1000, 1000], [3160, 3160]];
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--repeats": repeats = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--rounds" when Next().Split(',') is [var a, var b]: (r1, r2) = (int.Parse(a, CultureInfo.InvariantCulture), int.Parse(b, CultureInfo.InvariantCulture)); break;
                case "--hidden": models = [.. Next().Split(';').Select(m => m.Split(',').Select(h => int.Parse(h, CultureInfo.InvariantCulture)).ToArray())]; break;
                default:
                    Console.Error.WriteLine($"Unknown option {args[i]}. Options: --rounds R1,R2 --repeats N --hidden H1,H2[;H1,H2]");
                    return 2;
            }
        }
        var sites = Enumerable.Range(1, 8).Select(i => $"site-{i}").ToList();
        var root = Directory.CreateTempSubdirectory("arcanum-bench-secure-").FullName;
        try
        {
            var tables = SiteTables.Write(Directory.CreateDirectory(Path.Combine(root, "data")).FullName, "pima-small", sites, 1, 192);
            using var federation = new LoopbackFederation(Directory.CreateDirectory(Path.Combine(root, "federation")).FullName, sites);
            EventHandler kill = (_, _) => federation.Dispose();
            AppDomain.CurrentDomain.ProcessExit += kill;
            Progress($"starting the server and {sites.Count} site processes (--threads 1 each)");
            federation.StartServer();
            federation.StartSites(new Dictionary<string, Func<string, string>> { [tables.Dataset] = s => tables.SiteCsv[s] }, threads: 1);
            federation.WaitForOnlineSites(TimeSpan.FromMinutes(3));
            string Write(int[] hidden, int rounds, bool secure)
            {
                var path = Path.Combine(root, $"job-{string.Join('x', hidden)}-{rounds}-{(secure ? "secure" : "plain")}.json");
                File.WriteAllText(path, $$"""
                    { "name": "bench-secure", "data": "{{tables.Dataset}}", "target": "diabetes", "positive": "pos", "site_column": "{{SiteTables.SiteColumn}}",
                      "model": "mlp", "hidden": [{{string.Join(", ", hidden)}}], "algorithm": "fedavg", "rounds": {{rounds}}, "local_epochs": 1,
                      "batch_size": 4096, "lr": 0.01, "seed": 7, "min_sites": {{sites.Count}}, "round_timeout_s": 600, "secure_aggregation": {{(secure ? "true" : "false")}} }
                    """);
                return path;
            }
            Progress("warm-up: one plain and one secure round of the small model");
            federation.RunCompletedJob(Write(models[0], 1, false), Poll, TimeSpan.FromMinutes(10));
            federation.RunCompletedJob(Write(models[0], 1, true), Poll, TimeSpan.FromMinutes(10));

            Console.WriteLine($"# Secure aggregation over the network: {sites.Count} sites over loopback, against the plain round in the same run");
            Console.WriteLine($"# {Machine.Describe()}");
            Console.WriteLine();
            Console.WriteLine($"A server and {sites.Count} site processes (`--threads 1` each, 2 cores in all), mutual TLS; sites hold {tables.RowsPerSite} Pima rows each " +
                              $"and take one SGD step per round (communication-bound). Per round = (T({r2}) − T({r1})) / {r2 - r1}, T = submit → completed, best of {repeats}; " +
                              "CPU = the server's and all sites' CPU seconds over the job, per round the same way, lowest of each.");
            Console.WriteLine();
            Console.WriteLine($"| model | parameters | plain per round | secure per round | secure / plain | plain CPU per round | secure CPU per round | CPU secure / plain | " +
                              "server peak above idle, plain | server peak above idle, secure | max \\|w_secure − w_plain\\| |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            // Where the secure round's extra CPU is spent: at a real federation the sites' part runs on the hospitals' own machines, in
            // parallel, while here all nine processes queue on two cores.
            var split = new List<string>();
            foreach (var hidden in models)
            {
                var seconds = new Dictionary<(bool, int), double>();
                // CPU seconds of the server and all sites over the job: steadier than the wall clock with nine processes on 2 cores.
                var cpu = new Dictionary<(bool, int), double>();
                var serverCpu = new Dictionary<(bool, int), double>();
                var sitesCpu = new Dictionary<(bool, int), double>();
                var weights = new Dictionary<bool, ModelWeights>();
                // The server's peak RSS during each R2-round job above its RSS just before it (section d's measure), the highest over the repeats.
                var peak = new Dictionary<bool, long>();
                for (var repeat = 0; repeat < repeats; repeat++)
                {
                    foreach (var secure in new[] { false, true })
                    {
                        foreach (var rounds in new[] { r1, r2 })
                        {
                            var server = federation.Server!.Pid;
                            ProcMemory.ResetPeak(server);
                            var rss = ProcMemory.Read(server).RssBytes;
                            var before = federation.CpuSplit();
                            var job = federation.RunCompletedJob(Write(hidden, rounds, secure), Poll, TimeSpan.FromMinutes(20));
                            var after = federation.CpuSplit();
                            var used = after.Server + after.Sites - before.Server - before.Sites;
                            serverCpu[(secure, rounds)] = Math.Min(serverCpu.GetValueOrDefault((secure, rounds), double.MaxValue), after.Server - before.Server);
                            sitesCpu[(secure, rounds)] = Math.Min(sitesCpu.GetValueOrDefault((secure, rounds), double.MaxValue), after.Sites - before.Sites);
                            if (rounds == r2) peak[secure] = Math.Max(peak.GetValueOrDefault(secure), ProcMemory.Read(server).PeakBytes - rss);
                            var t = job.Elapsed.TotalSeconds;
                            seconds[(secure, rounds)] = Math.Min(seconds.GetValueOrDefault((secure, rounds), double.MaxValue), t);
                            cpu[(secure, rounds)] = Math.Min(cpu.GetValueOrDefault((secure, rounds), double.MaxValue), used);
                            Progress($"{string.Join('-', hidden)} {(secure ? "secure" : "plain")} {rounds} round(s): {t:F2} s, {used:F2} CPU-s");
                            if (rounds == r2 && repeat == 0) weights[secure] = federation.DownloadModel(job.JobId);
                        }
                    }
                }
                var plain = (seconds[(false, r2)] - seconds[(false, r1)]) / (r2 - r1);
                var secured = (seconds[(true, r2)] - seconds[(true, r1)]) / (r2 - r1);
                var plainCpu = (cpu[(false, r2)] - cpu[(false, r1)]) / (r2 - r1);
                var secureCpu = (cpu[(true, r2)] - cpu[(true, r1)]) / (r2 - r1);
                double PerRound(Dictionary<(bool, int), double> d, bool secure) => (d[(secure, r2)] - d[(secure, r1)]) / (r2 - r1);
                var (plainServer, secureServer) = (PerRound(serverCpu, false), PerRound(serverCpu, true));
                var (plainSites, secureSites) = (PerRound(sitesCpu, false), PerRound(sitesCpu, true));
                split.Add($"| MLP 8-{string.Join('-', hidden)}-2 | {plainServer:F2} s | {plainSites:F2} s | {secureServer:F2} s | {secureSites:F2} s | " +
                          $"**{secureServer - plainServer:F2} s** | **{(secureSites - plainSites) / sites.Count:F2} s** |");
                var parameters = weights[false].ParameterCount;
                var difference = weights[false].Arrays.Max(a => a.Data.Zip(weights[true][a.Name].Data, (p, q) => Math.Abs(p - q)).Max());
                var model = parameters * (double)sizeof(float);
                Console.WriteLine($"| MLP 8-{string.Join('-', hidden)}-2 | {parameters:N0} | {plain:F2} s | {secured:F2} s | **{secured / plain:F2}x** | {plainCpu:F2} s | {secureCpu:F2} s | **{secureCpu / plainCpu:F2}x** | " +
                                  $"{peak[false] / model:F1} models | {peak[true] / model:F1} models | {difference:E1} |");
            }
            Console.WriteLine();
            Console.WriteLine($"Server peak: the server's VmHWM during the {r2}-round job above its VmRSS just before it (peak reset there), in models of float32, the highest of the repeats.");
            Console.WriteLine();
            Console.WriteLine($"Where the CPU goes, per round (as above, lowest of each): the server, and the {sites.Count} sites together; the secure round's extra " +
                              "at the server and at each site. Each site's extra is work its own machine does, in parallel with the others, at a real federation.");
            Console.WriteLine();
            Console.WriteLine("| model | plain: server | plain: sites | secure: server | secure: sites | extra: server | extra: each site |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (var line in split) Console.WriteLine(line);
            Console.WriteLine();
            AppDomain.CurrentDomain.ProcessExit -= kill;
            return 0;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"[secure-network] failed: {e}");
            return 1;
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static void Progress(string line) =>
        Console.Error.WriteLine($"[secure-network {DateTime.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}] {line}");
}
