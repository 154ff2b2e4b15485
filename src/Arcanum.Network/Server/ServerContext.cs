using Arcanum.Core.Learning;
using Microsoft.Extensions.Logging;

namespace Arcanum.Network.Server;

/// <summary>What the server's parts share: state, the site registry, open tasks, settings.</summary>
public sealed class ServerContext
{
    public ServerContext(string project, string workspace, ILearner learner, TimeProvider clock, TimeSpan heartbeatTimeout, int maxConcurrentJobs, ILogger logger)
    {
        Project = project;
        Workspace = Path.GetFullPath(workspace);
        Directory.CreateDirectory(Workspace);
        Store = new ServerStore(Path.Combine(Workspace, "server.db"));
        Registry = new SiteRegistry(Store, clock, heartbeatTimeout);
        Board = new TaskBoard();
        Learner = learner;
        Clock = clock;
        MaxConcurrentJobs = Math.Max(1, maxConcurrentJobs);
        Logger = logger;
        Registry.Registered += Board.Redeliver;
    }

    public string Project { get; }
    public string Workspace { get; }
    public ServerStore Store { get; }
    public SiteRegistry Registry { get; }
    public TaskBoard Board { get; }
    public ILearner Learner { get; }
    public TimeProvider Clock { get; }
    public int MaxConcurrentJobs { get; }
    public ILogger Logger { get; }
    public string ServerCertificateExpires { get; init; } = "";

    public long NowMs => Clock.GetUtcNow().ToUnixTimeMilliseconds();
}
