using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Arcanum.Network;
using Arcanum.Network.Protocol;
using Arcanum.Network.Server;
using Arcanum.Network.Transport;
using Arcanum.Provisioning;
using Arcanum.Torch;
using System.Runtime.CompilerServices;
using Arcanum.Network.Site;
using Microsoft.Extensions.DependencyInjection;

using Task = System.Threading.Tasks.Task;

namespace Arcanum.Bench;

/// <summary>
/// Moves one payload over loopback, all in this process: raw TCP, raw mutual TLS (SslStream with the
/// project's certificates), and a site's download and upload against a real <see cref="ServerHost"/>
/// both ways a site can move them (the gRPC streams and the bulk HTTP/1.1 endpoints), over mutual TLS.
/// Best of <c>repeats</c> for each.
/// </summary>
internal static class TransferBenchmark
{
    /// <param name="CpuSeconds">This process's CPU time (both ends) for the best pass.</param>
    /// <param name="AllocatedBytes">Managed bytes allocated (both ends) in the best pass.</param>
    public sealed record Row(string Name, string What, double Seconds, double CpuSeconds, long AllocatedBytes, long Bytes)
    {
        public double MegabytesPerSecond => Bytes / Seconds / 1e6;
    }

    private static string _tlsSuite = "";

    /// <summary>A training answer the server's schema check accepts (the server checks every answer before taking its payload).</summary>
    private static readonly string TrainedJson = WireJson.Write(new TrainResult(1, 1, 0.0, null));

    private readonly record struct Pass(double Seconds, double CpuSeconds, long AllocatedBytes);

    public static async Task<IReadOnlyList<Row>> RunAsync(string root, int megabytes, int repeats)
    {
        var bytes = (long)megabytes << 20;
        var payload = new byte[bytes];
        RandomNumberGenerator.Fill(payload);
        var target = new byte[bytes];
        Array.Fill(target, (byte)1);   // touch every page now, not while timing
        var payloadFile = Path.Combine(root, "payload.bin");
        await File.WriteAllBytesAsync(payloadFile, payload);
        var sha = Convert.ToHexStringLower(SHA256.HashData(payload));

        var yaml = Path.Combine(root, "project.yml");
        await File.WriteAllTextAsync(yaml, $$"""
            name: transfer
            server: { host: 127.0.0.1, port: {{FreePort()}} }
            sites: [site-1]
            admins:
              - { name: admin@example.org, role: project-admin }
            """);
        var kits = Path.Combine(root, "kits");
        Provisioner.Provision(yaml, kits);
        using var serverKit = StartupKit.Load(Path.Combine(kits, "server"));
        using var siteKit = StartupKit.Load(Path.Combine(kits, "site-1"));

        var rows = new List<Row>();
        Console.Error.WriteLine($"[network] transfer: raw TCP, {megabytes} MiB × {repeats}");
        rows.Add(Of("raw loopback TCP", "Socket send → receive, 1 MiB writes", await BestAsync(repeats, () => RawAsync(payload, target, null, null)), bytes));
        Console.Error.WriteLine("[network] transfer: raw TLS");
        var tlsPass = await BestAsync(repeats, () => RawAsync(payload, target, serverKit.Certificate, siteKit.Certificate));
        rows.Add(Of("raw loopback TLS", $"SslStream, mutual TLS with the kits' certificates ({_tlsSuite}), 1 MiB writes", tlsPass, bytes));
        Console.Error.WriteLine("[network] transfer: raw TLS into the upload's spool");
        var spool = Path.Combine(root, "spool.part");
        rows.Add(Of("raw loopback TLS + spool", "as above; the receiver spools to disk what it reads, as the server does with a bulk upload",
            await BestAsync(repeats, () => RawAsync(payload, target, serverKit.Certificate, siteKit.Certificate, spool, hash: false)), bytes));
        Console.Error.WriteLine("[network] transfer: raw TLS into the spool, hashed");
        rows.Add(Of("raw loopback TLS + spool + SHA-256", "as above; the receiver also hashes what it reads (SHA-256), as the server does with a gRPC upload",
            await BestAsync(repeats, () => RawAsync(payload, target, serverKit.Certificate, siteKit.Certificate, spool, hash: true)), bytes));

        await using var app = ServerHost.Build(serverKit, new TorchLearner(), logging: _ => { });
        await app.StartAsync();
        try
        {
            var context = app.Services.GetRequiredService<ServerContext>();
            using var channel = Channels.ToServer(siteKit);
            using var bulk = Channels.BulkToServer(siteKit);
            var session = new SiteSession();
            var client = session.Client(channel.CreateCallInvoker());   // calls carry the registration's session, as a site's do
            await client.RegisterAsync(new RegisterRequest { Software = "bench" });
            // The site's own two ways of moving bytes, as SiteAgent uses them.
            var ways = new (string Name, IPayloadTransfer Transfer, string Down, string Up)[]
            {
                ("gRPC", new GrpcPayloadTransfer(client), "DownloadPayload: 1 MiB PayloadChunk messages",
                    "SubmitResult: header, 1 MiB chunks wrapping the site's buffer, trailer; server hashes (a trailer may claim a SHA-256) and spools it to disk"),
                ("bulk HTTP/1.1", new HttpPayloadTransfer(bulk, session), "GET /arcanum.v1/payload: one body, read in 1 MiB pieces",
                    "POST /arcanum.v1/result: length-prefixed header, then the site's buffer; server spools it to disk (no SHA-256 claimed)"),
            };
            var download = Issue(context, payloadFile, bytes, sha);
            foreach (var way in ways)
            {
                Console.Error.WriteLine($"[network] transfer: {way.Name} download");
                rows.Add(Of($"{way.Name} download", way.Down + "; server reads the payload file; client fills one buffer",
                    await BestAsync(repeats, () => DownloadAsync(way.Transfer, download.Id, target)), bytes));
                Console.Error.WriteLine($"[network] transfer: {way.Name} upload");
                rows.Add(Of($"{way.Name} upload", way.Up,
                    await BestAsync(repeats, () => UploadAsync(way.Transfer, Issue(context, null, 0, ""), payload)), bytes));
            }
            context.Board.Remove([download]);
        }
        finally
        {
            await app.StopAsync();
        }
        return rows;
    }

    private static IssuedTask Issue(ServerContext context, string? payloadFile, long bytes, string sha)
    {
        var message = new Arcanum.Network.Protocol.Task
        {
            TaskId = Guid.NewGuid().ToString("N"),
            JobId = "transfer",
            Kind = TaskKind.Train,
            PayloadBytes = bytes,
            PayloadSha256 = sha,
            DeadlineUnixMs = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds(),
        };
        var task = new IssuedTask("site-1", message, payloadFile, accept: null);
        context.Board.Issue(task);
        return task;
    }

    private static async Task<double> DownloadAsync(IPayloadTransfer transfer, string taskId, byte[] target)
    {
        var clock = Stopwatch.StartNew();
        var received = new StrongBox<long>(0);
        await transfer.DownloadAsync(taskId, target, received, CancellationToken.None);
        if (received.Value != target.Length) throw new InvalidDataException($"Downloaded {received.Value} of {target.Length} bytes.");
        return clock.Elapsed.TotalSeconds;
    }

    private static async Task<double> UploadAsync(IPayloadTransfer transfer, IssuedTask task, byte[] payload)
    {
        var clock = Stopwatch.StartNew();
        await transfer.SubmitAsync(new ResultHeader { TaskId = task.Id, Status = ResultStatus.Ok, ResultJson = TrainedJson, PayloadBytes = payload.Length },
            payload, payloadSha256: null, CancellationToken.None);
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>One connection; the time from the first byte sent to the last byte received (connection set-up and handshake not counted).</summary>
    /// <param name="spool">When set, the receiver also writes what it reads to this file (the server's work on an upload), hashing it when <paramref name="hash"/>.</param>
    private static async Task<double> RawAsync(byte[] payload, byte[] target, X509Certificate2? serverCertificate, X509Certificate2? clientCertificate,
        string? spool = null, bool hash = false)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepting = listener.AcceptTcpClientAsync();
        using var sender = new TcpClient { NoDelay = true };
        await sender.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        using var receiver = await accepting;
        Stream send = sender.GetStream(), receive = receiver.GetStream();
        if (serverCertificate is not null)
        {
            var (client, server) = await LoopbackTls.AuthenticateAsync(send, receive, serverCertificate, clientCertificate!);
            (send, receive) = (client, server);
            _tlsSuite = $"{client.SslProtocol} {client.NegotiatedCipherSuite}";
        }
        await using (send)
        await using (receive)
        {
            var clock = Stopwatch.StartNew();
            var writing = Task.Run(async () =>
            {
                for (var offset = 0; offset < payload.Length; offset += Payloads.ChunkBytes)
                    await send.WriteAsync(payload.AsMemory(offset, Math.Min(Payloads.ChunkBytes, payload.Length - offset)));
                await send.FlushAsync();
            });
            var reading = Task.Run(async () =>
            {
                await using var file = spool is null ? null : new FileStream(spool, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
                await using var sink = file is null ? null : new HashingStream(file, hash);
                var received = 0;
                while (received < target.Length)
                {
                    var n = await receive.ReadAsync(target.AsMemory(received, Math.Min(Payloads.ChunkBytes, target.Length - received)));
                    if (n == 0) throw new EndOfStreamException($"The connection closed after {received} bytes.");
                    if (sink is not null) await sink.WriteAsync(target.AsMemory(received, n));
                    received += n;
                }
                if (hash) _ = sink?.HexDigest();   // finish the hash, as the server does before it checks the claim
            });
            await Task.WhenAll(writing, reading);
            return clock.Elapsed.TotalSeconds;
        }
    }

    private static Row Of(string name, string what, Pass pass, long bytes) => new(name, what, pass.Seconds, pass.CpuSeconds, pass.AllocatedBytes, bytes);

    /// <summary>The fastest of <paramref name="repeats"/> passes, with the CPU time and allocations around it (a pass's own timer excludes set-up).</summary>
    private static async Task<Pass> BestAsync(int repeats, Func<Task<double>> run)
    {
        var best = new Pass(double.MaxValue, 0, 0);
        for (var i = 0; i < repeats; i++)
        {
            GC.Collect();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var seconds = await run();
            var pass = new Pass(seconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds, GC.GetTotalAllocatedBytes(precise: true) - allocated);
            if (pass.Seconds < best.Seconds) best = pass;
        }
        return best;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
