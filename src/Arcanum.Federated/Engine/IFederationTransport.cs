namespace Arcanum.Federated.Engine;

/// <summary>
/// How the engine reaches sites. Two implementations: in process (the simulator) and gRPC (the
/// server); the round logic above them is one.
/// </summary>
public interface IFederationTransport
{
    /// <summary>Which sites can be counted on.</summary>
    ISiteLiveness Liveness { get; }

    /// <summary>The clock deadlines are measured on.</summary>
    TimeProvider Clock { get; }

    /// <summary>How long a site that is absent when a task is issued still gets to show up (0 in process).</summary>
    TimeSpan Grace { get; }

    /// <summary>
    /// Hands <paramref name="work"/> to its site and returns the task the engine waits on. When the
    /// site answers, the transport calls <paramref name="accept"/> with the answer before it counts
    /// (throwing refuses it, and the site hears why), then completes the task.
    /// </summary>
    PendingTask Send(SiteWork work, Func<SiteAnswer, CancellationToken, Task> accept);

    /// <summary>Called once an exchange has ended: closes what is still open and frees what was kept for it.</summary>
    void Finish(IReadOnlyList<PendingTask> tasks);
}
