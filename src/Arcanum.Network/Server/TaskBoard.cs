using System.Collections.Concurrent;
using Arcanum.Federated.Engine;
using Arcanum.Network.Protocol;

namespace Arcanum.Network.Server;

/// <summary>
/// A task given to one site over the network: the engine's <see cref="PendingTask"/> plus the
/// protocol message, its payload file, and who it was delivered to.
/// </summary>
public sealed class IssuedTask(string site, Protocol.Task message, string? payloadPath, Func<TaskOutcome, string?, CancellationToken, System.Threading.Tasks.Task>? accept = null)
    : PendingTask(site, message.TaskId, DateTimeOffset.FromUnixTimeMilliseconds(message.DeadlineUnixMs), accept)
{
    public Protocol.Task Message { get; } = message;

    public string? PayloadPath { get; } = payloadPath;

    public volatile bool Delivered;

    /// <summary>The site session the task was last delivered to: only that session is told to abandon it.</summary>
    public volatile string DeliveredTo = "";

    /// <summary>Set once the site has been told (by heartbeat) to stop working on it.</summary>
    public volatile bool AbandonSent;
}

/// <summary>
/// Tasks waiting for sites. Sites pull (long poll); a site that re-registers after a restart gets
/// its open tasks again. Closed tasks a site was working on are reported back by heartbeat.
/// </summary>
public sealed class TaskBoard
{
    private readonly ConcurrentDictionary<string, IssuedTask> _tasks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _signals = new(StringComparer.Ordinal);

    public void Issue(IssuedTask task)
    {
        _tasks[task.Id] = task;
        Signal(task.Site).Release();
    }

    public IssuedTask? Get(string id) => _tasks.GetValueOrDefault(id);

    /// <summary>Forgets finished tasks (a later answer to them is refused as unknown).</summary>
    public void Remove(IEnumerable<IssuedTask> tasks)
    {
        foreach (var t in tasks) _tasks.TryRemove(t.Id, out _);
    }

    /// <summary>
    /// The next open task for <paramref name="site"/>'s <paramref name="session"/>, waiting up to
    /// <paramref name="wait"/>; null when none came, or as soon as <paramref name="isCurrent"/> says a
    /// newer registration replaced the session (a superseded process must not take its successor's task).
    /// </summary>
    public async Task<IssuedTask?> PullAsync(string site, string session, Func<bool> isCurrent, TimeSpan wait, CancellationToken ct)
    {
        var until = DateTime.UtcNow + wait;
        var signal = Signal(site);
        while (true)
        {
            if (!isCurrent())
            {
                signal.Release();   // the wake-up this pull may have taken belongs to the current session's pull
                return null;
            }
            IssuedTask? next;
            lock (_delivery)
            {
                next = _tasks.Values.Where(t => t.Site == site && t.IsOpen && !t.Delivered).OrderBy(t => t.Message.DeadlineUnixMs).FirstOrDefault();
                if (next is not null)
                {
                    next.DeliveredTo = session;
                    next.Delivered = true;
                }
            }
            if (next is not null) return next;
            var left = until - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) return null;
            try
            {
                await signal.WaitAsync(left, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }
    }

    private readonly Lock _delivery = new();

    /// <summary>After a site (re)registers, it is sent its open tasks again: a restarted site lost them.</summary>
    public void Redeliver(string site)
    {
        foreach (var t in _tasks.Values.Where(t => t.Site == site && t.IsOpen)) t.Delivered = false;
        Signal(site).Release();
    }

    /// <summary>
    /// Tasks delivered to <paramref name="session"/> of <paramref name="site"/> that were closed
    /// since: it should stop working on them. Each is reported once.
    /// </summary>
    public IReadOnlyList<string> TakeAbandoned(string site, string session)
    {
        var abandoned = new List<string>();
        foreach (var t in _tasks.Values.Where(t => t.Site == site && t.IsClosed && t.Delivered && t.DeliveredTo == session && !t.AbandonSent))
        {
            t.AbandonSent = true;
            abandoned.Add(t.Id);
        }
        return abandoned;
    }

    /// <summary>Closes every open task of <paramref name="site"/> with <paramref name="why"/> (its certificate was revoked).</summary>
    public void CloseFor(string site, string why)
    {
        foreach (var t in _tasks.Values.Where(t => t.Site == site)) t.TryClose(why);
    }

    private SemaphoreSlim Signal(string site) => _signals.GetOrAdd(site, _ => new SemaphoreSlim(0));
}
