using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Arcanum.Core.Learning;
using Arcanum.Network.Protocol;
using Arcanum.Network.Server;
using Arcanum.Network.Site;
using Arcanum.Network.Transport;
using Arcanum.Provisioning;
using Arcanum.Torch;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Arcanum.Network.Tests.Support;

/// <summary>
/// A provisioned project and its server running inside the test process on 127.0.0.1 (real
/// Kestrel, real mutual TLS), with its log lines captured. For protocol-level tests that need to
/// speak gRPC directly or look at the server's state.
/// </summary>
public sealed class InProcessServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<GrpcChannel> _channels = [];

    private InProcessServer(TempDir dir, int port, WebApplication app, ConcurrentQueue<string> log)
    {
        Dir = dir;
        Port = port;
        _app = app;
        Log = log;
    }

    public TempDir Dir { get; }
    public int Port { get; }
    public ConcurrentQueue<string> Log { get; }
    public string Kits => Dir.Sub("kits");
    public ServerContext Context => _app.Services.GetRequiredService<ServerContext>();

    public static async Task<InProcessServer> StartAsync(int heartbeatTimeoutSeconds = 5, string[]? sites = null)
    {
        var dir = new TempDir();
        var port = FreePort();
        var yaml = dir.File("project.yml", $$"""
            name: demo
            server: { host: 127.0.0.1, port: {{port}} }
            sites: [{{string.Join(", ", sites ?? ["hospital-a", "hospital-b"])}}]
            admins:
              - { name: admin@example.org, role: project-admin }
              - { name: it@hospital-a.example.org, role: site-admin, site: hospital-a }
            """);
        Provisioner.Provision(yaml, dir.Sub("kits"));
        var config = Path.Combine(dir.Sub("kits"), "server", "kit.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"heartbeat_timeout_s\": 30", $"\"heartbeat_timeout_s\": {heartbeatTimeoutSeconds}", StringComparison.Ordinal));
        var log = new ConcurrentQueue<string>();
        var kit = StartupKit.Load(Path.Combine(dir.Sub("kits"), "server"));
        var app = ServerHost.Build(kit, new TorchLearner("cpu"), logging: b => b.AddProvider(new QueueLogger(log)), jobModels: [new Torch.Imaging.GanJobModel()]);
        await app.StartAsync();
        return new InProcessServer(dir, port, app, log);
    }

    public StartupKit Kit(string name) => StartupKit.Load(Path.Combine(Kits, name));

    public GrpcChannel Channel(string kitName) => Track(Channels.ToServer(Kit(kitName)));

    public GrpcChannel Channel(StartupKit kit) => Track(Channels.ToServer(kit));

    /// <summary>An HTTP/1.1 client for <paramref name="site"/> on the server's bulk payload endpoints.</summary>
    public HttpClient Bulk(string site)
    {
        var client = Channels.BulkToServer(Kit(site));
        _bulk.Add(client);
        return client;
    }

    private readonly ConcurrentBag<HttpClient> _bulk = [];

    public GrpcChannel Track(GrpcChannel channel)
    {
        _channels.Add(channel);
        return channel;
    }

    /// <summary>
    /// A federation client for <paramref name="name"/>. Clients for one name share a session: after one
    /// of them registers, all send the session the server gave it, as one site process would.
    /// </summary>
    public Protocol.Federation.FederationClient Site(string name) => SessionOf(name).Client(Channel(name).CreateCallInvoker());

    /// <summary>The session the clients <see cref="Site"/> returns for <paramref name="name"/> share.</summary>
    public SiteSession SessionOf(string name) => _sessions.GetOrAdd(name, _ => new SiteSession());

    /// <summary>Registers <paramref name="site"/> as offering "pima", through the client <see cref="Site"/> returns.</summary>
    public async System.Threading.Tasks.Task RegisterAsync(string site)
    {
        var register = new RegisterRequest { Policy = new Protocol.SitePolicy() };
        register.Datasets.Add("pima");
        await Site(site).RegisterAsync(register, deadline: DateTime.UtcNow.AddSeconds(20));
    }

    /// <summary>A client for <paramref name="name"/> with a session of its own: a second process holding the same kit.</summary>
    public Protocol.Federation.FederationClient SecondProcess(string name) => new SiteSession().Client(Channel(name).CreateCallInvoker());

    private readonly ConcurrentDictionary<string, SiteSession> _sessions = new(StringComparer.Ordinal);

    public Admin.AdminClient AdminClient(string name = "admin@example.org") => new(Channel(name));

    /// <summary>Writes each site's share of the Pima rows (dataset "pima") next to the kits.</summary>
    public void WritePimaSites(params string[] sites) =>
        LocalFederation.WritePimaSites(Dir.Sub("full.csv"), sites, SiteCsv);

    public string SiteCsv(string site) => Dir.Sub($"{site}.csv");

    /// <summary>An in-process site agent for <paramref name="site"/> offering its Pima share as "pima" (or <paramref name="datasets"/>).</summary>
    /// <param name="intercept">Wraps the agent's gRPC calls (a test's fault injection); payloads and answers then travel over gRPC too, so it sees them.</param>
    /// <param name="bulk">Whether payloads and answers travel over the bulk HTTP/1.1 endpoints (as <c>arcanum site</c> sends them) rather than gRPC.</param>
    /// <param name="datasets">Dataset name → path, instead of its Pima share.</param>
    /// <param name="learner">The agent's learner (a test's recording one), instead of libtorch on the CPU.</param>
    public SiteAgent Agent(string site, Protocol.SitePolicy? policy = null, Action<string>? log = null, string? workspace = null, bool shareScoreHistograms = true,
        Grpc.Core.Interceptors.Interceptor? intercept = null, bool bulk = true, IReadOnlyDictionary<string, string>? datasets = null, ILearner? learner = null) =>
        new(intercept is null ? Channel(site).CreateCallInvoker() : Grpc.Core.Interceptors.CallInvokerExtensions.Intercept(Channel(site).CreateCallInvoker(), intercept), learner ?? new TorchLearner("cpu"), datasets ?? new Dictionary<string, string> { ["pima"] = SiteCsv(site) }, policy ?? new Protocol.SitePolicy(), log ?? (_ => { }))
        {
            Workspace = workspace,
            ShareScoreHistograms = shareScoreHistograms,
            Keys = SiteKeysOf(site),
            Bulk = bulk && intercept is null ? Bulk(site) : null,
        };

    /// <summary>The secure-aggregation keys of <paramref name="site"/>'s kit.</summary>
    public SiteKeys SiteKeysOf(string site)
    {
        var kit = Kit(site);
        return new SiteKeys(kit.Certificate, kit.CaCertificate, kit.Project);
    }

    public async System.Threading.Tasks.Task WaitForOnlineSitesAsync(int count, CancellationToken ct)
    {
        var admin = AdminClient();
        while ((await admin.ListSitesAsync(new ListSitesRequest(), cancellationToken: ct)).Sites.Count(x => x.State == "online") < count)
            await System.Threading.Tasks.Task.Delay(100, ct);
    }

    /// <summary>Polls until the job is no longer queued or running.</summary>
    public async Task<JobInfo> WaitForJobAsync(string jobId, CancellationToken ct)
    {
        var admin = AdminClient();
        while (true)
        {
            var info = await admin.GetJobAsync(new GetJobRequest { JobId = jobId }, cancellationToken: ct);
            if (info.State is not ("queued" or "running")) return info;
            await System.Threading.Tasks.Task.Delay(200, ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var c in _channels) c.Dispose();
        foreach (var c in _bulk) c.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Dir.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public sealed class QueueLogger(ConcurrentQueue<string> log) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            log.Enqueue($"{logLevel}: {formatter(state, exception)}");
        public void Dispose()
        {
        }
    }
}
