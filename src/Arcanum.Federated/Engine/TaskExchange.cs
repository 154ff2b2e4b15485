namespace Arcanum.Federated.Engine;

/// <summary>
/// Waits for a set of tasks to end, driven by events rather than polls: an answer, a site's state
/// changing (<see cref="ISiteLiveness.Changed"/>), or the next instant something can expire (a
/// deadline, a site's heartbeat running out), measured on the injected <see cref="TimeProvider"/>.
/// So tests drive deadlines and dropouts with a fake clock, in milliseconds and without sockets.
/// </summary>
public static class TaskExchange
{
    /// <summary>The longest single wait: a guard against a clock that never fires, not a poll interval.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Waits until every task is answered or closed. A task past its deadline is closed with
    /// <paramref name="deadlineMessage"/>; a task whose site is absent is closed with the absence's
    /// reason, but only after <paramref name="grace"/> from now (after a server restart every site
    /// is briefly unknown and must get a chance to come back). Returns each site's outcome.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, TaskOutcome>> WaitAsync(
        IReadOnlyList<PendingTask> tasks, ISiteLiveness liveness, TimeProvider clock, TimeSpan grace, string deadlineMessage, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(liveness);
        ArgumentNullException.ThrowIfNull(clock);
        var poke = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(string _) => Volatile.Read(ref poke).TrySetResult();
        liveness.Changed += OnChanged;
        try
        {
            var graceEnds = clock.GetUtcNow() + grace;
            var all = Task.WhenAll(tasks.Select(t => t.Outcome.Task));
            while (!all.IsCompleted)
            {
                ct.ThrowIfCancellationRequested();
                // Re-armed before the scan: a change during the scan wakes the next wait at once.
                Volatile.Write(ref poke, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                var now = clock.GetUtcNow();
                var next = now + LongestWait;
                foreach (var t in tasks.Where(t => t.IsOpen))
                {
                    if (now >= t.Deadline)
                    {
                        t.TryClose(deadlineMessage);
                        continue;
                    }
                    next = Min(next, t.Deadline);
                    if (now >= graceEnds && liveness.Absence(t.Site) is { } why)
                    {
                        t.TryClose(why);
                        continue;
                    }
                    var quietEnd = liveness.PresentUntil(t.Site) is { } until ? Max(until, graceEnds) : (now < graceEnds ? graceEnds : (DateTimeOffset?)null);
                    if (quietEnd is { } q) next = Min(next, q);
                }
                if (all.IsCompleted) break;
                // A millisecond past the instant, so the state has changed when the scan runs again.
                var wait = next - now + TimeSpan.FromMilliseconds(1);
                await Task.WhenAny(all, Volatile.Read(ref poke).Task, Task.Delay(wait, clock, ct)).ConfigureAwait(false);
            }
            ct.ThrowIfCancellationRequested();
            return tasks.ToDictionary(t => t.Site, t => t.Outcome.Task.Result, StringComparer.Ordinal);
        }
        finally
        {
            liveness.Changed -= OnChanged;
        }
    }

    /// <summary>
    /// Waits until <paramref name="ready"/> holds or <paramref name="until"/> passes, re-checking when
    /// a site's state changes; true when it holds.
    /// </summary>
    public static async Task<bool> UntilAsync(Func<bool> ready, ISiteLiveness liveness, TimeProvider clock, DateTimeOffset until, CancellationToken ct)
    {
        var poke = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(string _) => Volatile.Read(ref poke).TrySetResult();
        liveness.Changed += OnChanged;
        try
        {
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                Volatile.Write(ref poke, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                if (ready()) return true;
                var now = clock.GetUtcNow();
                if (now >= until) return false;
                var wait = Min(until - now + TimeSpan.FromMilliseconds(1), LongestWait);
                await Task.WhenAny(Volatile.Read(ref poke).Task, Task.Delay(wait, clock, ct)).ConfigureAwait(false);
            }
        }
        finally
        {
            liveness.Changed -= OnChanged;
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
