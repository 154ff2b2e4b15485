using System.Collections.Concurrent;
using Arcanum.Network.Protocol;

namespace Arcanum.Network.Server;

/// <summary>What came back for a task.</summary>
/// <param name="Status">OK, refused, failed; failed is also used for a site that went offline or missed the deadline.</param>
/// <param name="Message">Why, when not OK.</param>
/// <param name="ResultJson">The site's result document (OK only).</param>
public sealed record TaskOutcome(ResultStatus Status, string Message, string ResultJson)
{
    public bool Ok => Status == ResultStatus.Ok;
}

/// <summary>
/// A task given to one site. Its state moves once, from open to answered or to closed (deadline,
/// abort, site gone); a result for a task that is not open is refused, so nothing counts twice.
/// </summary>
public sealed class IssuedTask
{
    private const int Open = 0, Claimed = 1, Done = 2, Closed = 3;
    private int _state;

    private Func<IssuedTask, TaskOutcome, string?, CancellationToken, System.Threading.Tasks.Task>? _accept;

    public IssuedTask(string site, Protocol.Task message, string? payloadPath, Func<IssuedTask, TaskOutcome, string?, CancellationToken, System.Threading.Tasks.Task>? accept = null)
    {
        Site = site;
        Message = message;
        PayloadPath = payloadPath;
        _accept = accept;
    }

    public string Id => Message.TaskId;
    public string Site { get; }
    public Protocol.Task Message { get; }
    public string? PayloadPath { get; }

    /// <summary>
    /// Called with an OK outcome and the path of its spooled payload (or null), before the outcome
    /// counts; throwing rejects the result. Dropped once the task is done or closed: it holds the
    /// round's aggregation, and a finished task lingers on the board (for heartbeat replies) long
    /// after its round.
    /// </summary>
    public Func<IssuedTask, TaskOutcome, string?, CancellationToken, System.Threading.Tasks.Task>? Accept => Volatile.Read(ref _accept);

    public TaskCompletionSource<TaskOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public volatile bool Delivered;

    /// <summary>The site session the task was last delivered to: only that session is told to abandon it.</summary>
    public volatile string DeliveredTo = "";

    /// <summary>Set once the site has been told (by heartbeat) to stop working on it.</summary>
    public volatile bool AbandonSent;

    public bool IsOpen => Volatile.Read(ref _state) == Open;

    public bool IsClosed => Volatile.Read(ref _state) == Closed;

    public DateTimeOffset Deadline => DateTimeOffset.FromUnixTimeMilliseconds(Message.DeadlineUnixMs);

    /// <summary>Takes the one right to answer; false when answered, being answered, or closed.</summary>
    public bool TryClaim() => Interlocked.CompareExchange(ref _state, Claimed, Open) == Open;

    public void Complete(TaskOutcome outcome)
    {
        Volatile.Write(ref _state, Done);
        Volatile.Write(ref _accept, null);
        Outcome.TrySetResult(outcome);
    }

    /// <summary>Closes an open task with <paramref name="why"/>; false when it was already claimed or done.</summary>
    public bool TryClose(string why)
    {
        if (Interlocked.CompareExchange(ref _state, Closed, Open) != Open) return false;
        Volatile.Write(ref _accept, null);
        Outcome.TrySetResult(new TaskOutcome(ResultStatus.Failed, why, ""));
        return true;
    }
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
