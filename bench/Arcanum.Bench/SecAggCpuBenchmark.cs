using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Arcanum.Federated.SecureAggregation;

namespace Arcanum.Bench;

/// <summary>
/// The CPU a SecAgg+ round costs, step by step, with no transport: 8 sites and a server in this process, the
/// protocol's own classes, one site at a time (each step may use every core). Beside it the floor: the same number of
/// AES-256 keystream bytes from the base library's ECB at full speed, which every mask and rounding stream is made of.
/// What a round on the network adds over a plain one is this plus three task exchanges (section h).
/// </summary>
internal static class SecAggCpuBenchmark
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Run(string[] args)
    {
        var sites = Args.Int(args, "--sites", 8);
        var repeats = Args.Int(args, "--repeats", 5);
        var lengths = Args.String(args, "--parameters", "1012002,10023522").Split(',').Select(s => int.Parse(s, Inv)).ToArray();
        Console.WriteLine($"# SecAgg+ CPU per round, {sites} sites (k = 4 neighbours), no transport; median of {repeats} rounds after one warm-up");
        Console.WriteLine($"# {Machine.Describe()}");
        Console.WriteLine();
        Console.WriteLine("| parameters | keys (all sites) | shares (all sites) | mask (per site) | sum (server, all) | unmask (server) | round total | round CPU | AES bytes | AES-ECB floor | total / floor |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var length in lengths)
        {
            var rounds = Enumerable.Range(0, repeats + 1).Select(r => Round(sites, length, r)).Skip(1).ToList();
            double Median(Func<Timing, double> pick) => rounds.Select(pick).Order().ElementAt(rounds.Count / 2);
            var total = Median(t => t.Total);
            // Each site: its rounding stream, its self mask, one stream per neighbour; the server: each survivor's self mask.
            var aesBytes = (long)length * 4 * (sites * (2 + Math.Min(4, sites - 1)) + sites);
            var floor = AesFloorMs(aesBytes);
            Console.WriteLine(string.Create(Inv,
                $"| {length:N0} | {Median(t => t.Keys):F1} ms | {Median(t => t.Shares):F1} ms | {Median(t => t.Mask) / sites:F1} ms | " +
                $"{Median(t => t.Sum):F1} ms | {Median(t => t.Unmask):F1} ms | **{total:F0} ms** | {Median(t => t.CpuMs):F0} ms | {aesBytes / 1e6:F0} MB | {floor:F0} ms | {total / floor:F2}x |"));
        }
        return 0;
    }

    /// <summary>Wall milliseconds of each step, and the CPU milliseconds of the whole round (the mask steps use every core).</summary>
    private sealed record Timing(double Keys, double Shares, double Mask, double Sum, double Unmask, double CpuMs)
    {
        public double Total => Keys + Shares + Mask + Sum + Unmask;
    }

    private static Timing Round(int n, int length, int round)
    {
        var ids = Enumerable.Range(0, n).ToArray();
        var server = new SecAggServer($"bench/{round}", ids, length, new SecAggOptions());
        var signing = ids.ToDictionary(i => i, _ => AsymmetricSignatureKey.CreateEphemeral());
        var peers = ids.ToDictionary(i => i, i => (ISiteSignatureKey)signing[i].PublicOnly());
        var update = new float[length];
        var random = new Random(round);
        for (var j = 0; j < length; j++) update[j] = (float)(random.NextDouble() - 0.5) * 0.01f;

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var clients = ids.ToDictionary(i => i, i => new SecAggClient(i, server.Setup, signing[i], peers));
        foreach (var c in clients.Values) server.AddAdvertisement(c.AdvertiseKeys());
        var advertised = server.EndAdvertiseKeys();
        var keys = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        foreach (var c in clients.Values) server.AddShares(c.ShareKeys(advertised));
        var deliveries = server.EndShareKeys();
        var shares = clock.Elapsed.TotalMilliseconds;
        double mask = 0, sum = 0;
        foreach (var (id, c) in clients)
        {
            clock.Restart();
            var input = c.MaskInput(deliveries[id], update, 50);
            mask += clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            server.AddMaskedInput(input);
            sum += clock.Elapsed.TotalMilliseconds;
        }
        clock.Restart();
        var request = server.EndMaskedInput();
        foreach (var c in clients.Values) server.AddUnmaskResponse(c.Unmask(request));
        var result = server.Finish();
        var unmask = clock.Elapsed.TotalMilliseconds;
        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        var expected = update[0] * 50 * n;
        if (Math.Abs(result.Parts[0][0] - expected) > result.ErrorBound + 1e-6)
            throw new InvalidOperationException($"The secure sum is wrong: {result.Parts[0][0]} against {expected}.");
        return new Timing(keys, shares, mask, sum, unmask, cpuMs);
    }

    /// <summary>Milliseconds to make <paramref name="bytes"/> of AES-256 output with ECB over 64 KiB buffers, on all cores.</summary>
    private static double AesFloorMs(long bytes)
    {
        const int chunk = 1 << 16;
        var chunks = (int)((bytes + chunk - 1) / chunk);
        var best = double.MaxValue;
        for (var r = 0; r < 3; r++)
        {
            var clock = Stopwatch.StartNew();
            Parallel.For(0, Environment.ProcessorCount, worker =>
            {
                using var aes = Aes.Create();
                aes.Key = new byte[32];
                var input = new byte[chunk];
                var output = new byte[chunk];
                for (var c = worker; c < chunks; c += Environment.ProcessorCount) aes.EncryptEcb(input, output, PaddingMode.None);
            });
            best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
        }
        return best;
    }
}
