using Arcanum.Core.Learning;
using Microsoft.Extensions.Logging;

namespace Arcanum.Network.Server;

/// <summary>What the server's parts share: state, the site registry, open tasks, settings.</summary>
public sealed class ServerContext
{
    /// <summary>
    /// <paramref name="certificateProblem"/> re-checks a caller's certificate on every call (revocation
    /// list, dates): null when it is accepted, else why not. The TLS handshake checks it too, but a
    /// connection outlives a revocation. Null accepts every certificate the handshake let in.
    /// </summary>
    public ServerContext(string project, string workspace, ILearner learner, TimeProvider clock, TimeSpan heartbeatTimeout, int maxConcurrentJobs, ILogger logger,
        Func<System.Security.Cryptography.X509Certificates.X509Certificate2, string?>? certificateProblem = null)
    {
        Project = project;
        Workspace = Path.GetFullPath(workspace);
        Directory.CreateDirectory(Workspace);
        Store = new ServerStore(Path.Combine(Workspace, "server.db"));
        CertificateProblem = certificateProblem ?? (_ => null);
        Registry = new SiteRegistry(Store, clock, heartbeatTimeout, certificateProblem);
        Board = new TaskBoard();
        Learner = learner;
        Clock = clock;
        MaxConcurrentJobs = Math.Max(1, maxConcurrentJobs);
        Logger = logger;
        Registry.Registered += Board.Redeliver;
        Registry.Refused += (site, why) =>
        {
            Board.CloseFor(site, $"{site}'s certificate is no longer accepted: {why}");
            Logger.LogWarning("Site {Site} is no longer accepted: {Reason}; its open tasks are closed", site, why);
        };
    }

    public Func<System.Security.Cryptography.X509Certificates.X509Certificate2, string?> CertificateProblem { get; }

    public string Project { get; }
    public string Workspace { get; }
    public ServerStore Store { get; }
    public SiteRegistry Registry { get; }
    public TaskBoard Board { get; }
    public ILearner Learner { get; }

    /// <summary>The models outside the learner's family this server can run jobs of (the note generator), by job task.</summary>
    public IReadOnlyList<Federated.Simulation.IJobModel> JobModels { get; init; } = [];

    /// <summary>The function model of <paramref name="job"/>'s task, or null (a table or image job, or one this server cannot run).</summary>
    public Federated.Simulation.IFunctionModel? FunctionModel(Federated.Jobs.JobSpec job) => JobModels.OfType<Federated.Simulation.IFunctionModel>().FirstOrDefault(m => m.Task == job.Task);

    /// <summary>The AsynDGAN model of <paramref name="job"/>'s task, or null (another kind of job, or one this server cannot run).</summary>
    public Federated.Simulation.IGanModel? GanModel(Federated.Jobs.JobSpec job) => JobModels.OfType<Federated.Simulation.IGanModel>().FirstOrDefault(m => m.Task == job.Task);
    public TimeProvider Clock { get; }
    public int MaxConcurrentJobs { get; }
    public ILogger Logger { get; }
    public string ServerCertificateExpires { get; init; } = "";

    /// <summary>When each admin last read each thing (a service lives for one call; this outlives it).</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, long> RecentReads { get; } = new(StringComparer.Ordinal);

    public long NowMs => Clock.GetUtcNow().ToUnixTimeMilliseconds();
}
