using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Arcanum.Federated.SecureAggregation;
using Arcanum.Network.Protocol;
using Arcanum.Network.Transport;
using Arcanum.Provisioning;

using Task = System.Threading.Tasks.Task;

namespace Arcanum.Bench;

/// <summary>
/// What the hardening added to the server's hot path, per call and per answer: the certificate
/// re-check against the revocation list on every call, and the JSON Schema check of every answer.
/// References in the same run: a full mutual-TLS handshake on loopback (what every call would pay
/// without connection reuse), and the JSON deserialisation the server does for each answer anyway.
/// </summary>
internal static class ChecksBenchmark
{
    public static int Run(string[] args)
    {
        var repeats = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
        var examples = Path.Combine("protos", "arcanum", "v1", "examples");
        if (!Directory.Exists(examples))
        {
            Console.Error.WriteLine("Run from the repository root: the answers measured are protos/arcanum/v1/examples/*.json.");
            return 2;
        }
        var dir = Directory.CreateTempSubdirectory("arcanum-checks-");
        try
        {
            var yaml = Path.Combine(dir.FullName, "project.yml");
            File.WriteAllText(yaml, """
                name: bench
                server: { host: 127.0.0.1, port: 18999 }
                sites: [hospital-a, hospital-b, hospital-c]
                admins:
                  - { name: admin@example.org, role: project-admin }
                """);
            var kits = Path.Combine(dir.FullName, "kits");
            Provisioner.Provision(yaml, kits);
            Provisioner.Revoke(kits, "hospital-c");   // a CRL with an entry, as after a real revocation
            using var server = StartupKit.Load(Path.Combine(kits, "server"));
            using var site = StartupKit.Load(Path.Combine(kits, "hospital-a"));
            var validator = new PeerValidator(server.CaCertificate, "bench", server.Server!.CrlPath);

            var rows = new List<(string What, string Reference, double Micros, double ReferenceMicros)>();
            var full = Median(repeats, () => { if (!validator.Validate(site.Certificate).IsValid) throw new InvalidOperationException("refused"); });
            var recheck = new Arcanum.Network.Server.CertificateRecheck(validator, server.Server.CrlPath, TimeProvider.System);
            var cached = Median(repeats, () => { if (recheck.Problem(site.Certificate) is not null) throw new InvalidOperationException("refused"); });
            var handshake = Median(Math.Max(20, repeats / 50), () => Handshake(server.Certificate, site.Certificate).GetAwaiter().GetResult());
            rows.Add(("full certificate check (chain, dates, CRL)", "one mutual-TLS handshake on loopback", full, handshake));
            rows.Add(("per-call re-check as the server does it (verdict kept until the CRL file changes)", "one mutual-TLS handshake on loopback", cached, handshake));

            // The answers the server checks, and (secure aggregation) the steps each site checks before it reads them.
            foreach (var (document, what, file, parse) in new (WireDocument, string, string, Func<string, object>)[]
            {
                (WireDocument.DescribeResult, "a DESCRIBE answer", "describe-result.json", json => WireJson.Read<DescribeResult>(json, "description")),
                (WireDocument.StatisticsResult, "a STATISTICS answer", "statistics-result.json", json => WireJson.Read<StatisticsResult>(json, "statistics")),
                (WireDocument.TrainResult, "a TRAIN answer", "train-result.with-evaluation.json", json => WireJson.Read<TrainResult>(json, "training result")),
                (WireDocument.SecureStep, "a secure-aggregation step", "secure-step.json", json => WireJson.Read<SecureRequest>(json, "secure-aggregation step")),
                (WireDocument.SecureReply, "an unmask reply", "secure-reply.unmask.json", json => WireJson.Read<SecureReply>(json, "secure-aggregation reply")),
                (WireDocument.MaskedTrainResult, "a masked TRAIN answer", "masked-train-result.json", json => WireJson.Read<MaskedTrainResult>(json, "masked training result")),
            })
            {
                var json = File.ReadAllText(Path.Combine(examples, file));
                if (WireSchemas.Check(document, json) is { } why) throw new InvalidOperationException($"{file}: {why}");
                var schema = Median(repeats, () => WireSchemas.Check(document, json));
                var deserialise = Median(repeats, () => parse(json));
                rows.Add(($"schema check of {what} ({json.Length} bytes)", "deserialising it (WireJson.Read)", schema, deserialise));
            }

            Console.WriteLine($"# Checks on the server's hot path ({Machine.Describe()}; median of {repeats} calls)");
            Console.WriteLine();
            Console.WriteLine("| check | µs | reference | µs | ratio |");
            Console.WriteLine("|---|---:|---|---:|---:|");
            foreach (var r in rows)
                Console.WriteLine(FormattableString.Invariant($"| {r.What} | {r.Micros:F1} | {r.Reference} | {r.ReferenceMicros:F1} | {r.Micros / r.ReferenceMicros:F2} |"));
            return 0;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>Median microseconds of <paramref name="action"/> after a warm-up.</summary>
    private static double Median(int repeats, Action action)
    {
        for (var i = 0; i < Math.Min(50, repeats); i++) action();
        var times = new double[repeats];
        for (var i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            times[i] = clock.Elapsed.TotalMicroseconds;
        }
        Array.Sort(times);
        return times[repeats / 2];
    }

    private static async Task Handshake(X509Certificate2 serverCertificate, X509Certificate2 clientCertificate)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepting = listener.AcceptTcpClientAsync();
        using var sender = new TcpClient { NoDelay = true };
        await sender.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        using var receiver = await accepting;
        var (client, server) = await LoopbackTls.AuthenticateAsync(sender.GetStream(), receiver.GetStream(), serverCertificate, clientCertificate);
        await client.DisposeAsync();
        await server.DisposeAsync();
    }
}
