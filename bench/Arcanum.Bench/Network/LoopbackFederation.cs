using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Arcanum.Cli;
using Arcanum.Core.Weights;
using Arcanum.Network;
using Arcanum.Network.Protocol;
using Arcanum.Provisioning;
using Grpc.Net.Client;

namespace Arcanum.Bench;

/// <summary>
/// A provisioned project on 127.0.0.1 (free port) with a real <c>arcanum server</c> and one
/// <c>arcanum site</c> process per site, driven by the real admin commands. Disposing kills every
/// process; the caller owns the folder.
/// </summary>
internal sealed class LoopbackFederation : IDisposable
{
    public const string Admin = "admin@example.org";

    private readonly List<ChildProcess> _sites = [];
    private readonly StartupKit _adminKit;
    private readonly GrpcChannel _adminChannel;
    private readonly Admin.AdminClient _admin;

    public LoopbackFederation(string root, IReadOnlyList<string> siteNames)
    {
        Root = root;
        SiteNames = siteNames;
        var yaml = Path.Combine(root, "project.yml");
        File.WriteAllText(yaml, $"""
            name: bench
            server: {"{"} host: 127.0.0.1, port: {FreePort()} {"}"}
            sites: [{string.Join(", ", siteNames)}]
            admins:
              - {"{"} name: {Admin}, role: project-admin {"}"}
            """);
        Provisioner.Provision(yaml, Kits);
        _adminKit = StartupKit.Load(Kit(Admin));   // the channel uses its certificate until Dispose
        _adminChannel = Channels.ToServer(_adminKit);
        _admin = new Admin.AdminClient(_adminChannel);
    }

    public string Root { get; }

    public IReadOnlyList<string> SiteNames { get; }

    public string Kits => Path.Combine(Root, "kits");

    public string Kit(string name) => Path.Combine(Kits, name);

    public ChildProcess? Server { get; private set; }

    public IReadOnlyList<ChildProcess> Sites => _sites;

    /// <summary>CPU seconds used so far by the server and every site process (from /proc, all their threads).</summary>
    public double CpuSeconds()
    {
        var (server, sites) = CpuSplit();
        return server + sites;
    }

    /// <summary>CPU seconds used so far by the server, and by all site processes together.</summary>
    public (double Server, double Sites) CpuSplit() => (CpuOf(Server!), _sites.Sum(CpuOf));

    private static double CpuOf(ChildProcess p) => Process.GetProcessById(p.Pid).TotalProcessorTime.TotalSeconds;

    /// <summary>
    /// Starts the server, or restarts it (sites reconnect by themselves), with extra environment
    /// variables and, when given, kit.json's <c>heartbeat_timeout_s</c> (default 30).
    /// </summary>
    public void StartServer(IReadOnlyDictionary<string, string>? environment = null, int? heartbeatTimeoutSeconds = null)
    {
        Server?.Dispose();
        if (heartbeatTimeoutSeconds is { } timeout)
        {
            var config = Path.Combine(Kit("server"), "kit.json");
            var json = JsonNode.Parse(File.ReadAllText(config))!;
            json["heartbeat_timeout_s"] = timeout;
            File.WriteAllText(config, json.ToJsonString());
        }
        Server = ChildProcess.Start("server", Root, environment, "server", "--kit", Kit("server"));
        Server.WaitFor("Now listening", TimeSpan.FromSeconds(90));
    }

    /// <summary>Starts every site with <c>--threads</c> <paramref name="threads"/>, offering each dataset as NAME=its file for that site.</summary>
    public void StartSites(IReadOnlyDictionary<string, Func<string, string>> datasets, int threads)
    {
        foreach (var site in SiteNames)
        {
            var args = new List<string> { "site", "--kit", Kit(site), "--threads", threads.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            foreach (var (name, file) in datasets) args.AddRange(["--data", $"{name}={file(site)}"]);
            _sites.Add(ChildProcess.Start(site, Root, null, [.. args]));
        }
    }

    public void WaitForOnlineSites(TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var online = _admin.ListSites(new ListSitesRequest()).Sites.Count(s => s.State == "online");
            if (online == SiteNames.Count) return;
            foreach (var s in _sites.Where(s => s.HasExited)) throw new InvalidOperationException($"{s.Name} exited:\n{s.Tail}");
            if (DateTime.UtcNow > until) throw new TimeoutException($"{online} of {SiteNames.Count} sites online after {timeout.TotalSeconds} s.");
            Thread.Sleep(250);
        }
    }

    /// <summary>How a job ended: completed, failed or aborted, with the server's last message and events.</summary>
    public sealed record JobOutcome(string JobId, TimeSpan Elapsed, string State, int RoundsDone, string Message)
    {
        public bool Completed => State == "completed";
    }

    /// <summary>Submits with <c>arcanum admin submit</c> and polls the job every <paramref name="poll"/> until it ends; the time from submit to its end.</summary>
    public JobOutcome RunJob(string jobFile, TimeSpan poll, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var jobId = Cli("admin", "--kit", Kit(Admin), "submit", jobFile).Trim();
        while (true)
        {
            JobInfo info;
            try
            {
                info = _admin.GetJob(new GetJobRequest { JobId = jobId });
            }
            catch (Grpc.Core.RpcException e)
            {
                throw new InvalidOperationException($"Polling job {jobId} failed ({e.Status.StatusCode}); the server {(Server?.HasExited == true ? "has exited" : "is running")}. Server output:\n{Server?.Tail}", e);
            }
            if (info.State is "completed" or "failed" or "aborted")
                return new JobOutcome(jobId, clock.Elapsed, info.State, info.RoundsDone, info.State == "completed" ? "" : $"{info.Message}\n{string.Join("\n", info.Events)}");
            if (clock.Elapsed > timeout) throw new TimeoutException($"Job {jobId} still {info.State} after {timeout.TotalSeconds} s: {info.Message}");
            Thread.Sleep(poll);
        }
    }

    /// <summary>As <see cref="RunJob"/>, and throws unless the job completed.</summary>
    public JobOutcome RunCompletedJob(string jobFile, TimeSpan poll, TimeSpan timeout)
    {
        var outcome = RunJob(jobFile, poll, timeout);
        if (!outcome.Completed) throw new InvalidOperationException($"Job {outcome.JobId} {outcome.State}: {outcome.Message}\nserver:\n{Server?.Tail}");
        return outcome;
    }

    /// <summary>The job's final model, fetched with <c>arcanum admin download</c>.</summary>
    public ModelWeights DownloadModel(string jobId)
    {
        var target = Path.Combine(Root, "results-" + jobId);
        Cli("admin", "--kit", Kit(Admin), "download", jobId, "--out", target);
        return SafeTensors.Read(Path.Combine(target, "model.safetensors"));
    }

    public void Dispose()
    {
        foreach (var s in _sites) s.Dispose();
        Server?.Dispose();
        _adminChannel.Dispose();
        _adminKit.Dispose();
    }

    private static string Cli(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = ArcanumCli.Run(args, output, error);
        if (code != 0) throw new InvalidOperationException($"arcanum {string.Join(' ', args)} exited {code}: {error}{output}");
        return output.ToString();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
