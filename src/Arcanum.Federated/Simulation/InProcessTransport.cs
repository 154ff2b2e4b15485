using System.Runtime.ExceptionServices;
using Arcanum.Federated.Engine;

namespace Arcanum.Federated.Simulation;

/// <summary>
/// The simulator's transport: every site is an <see cref="IInProcessSite"/> in this process. Sites train
/// in parallel (at most <c>parallelism</c> at once), but their answers are taken in the order the
/// work was sent, so float sums, and so the model, do not depend on timing. A site that throws
/// (a bug, a diverged local model) stops the simulation with that exception rather than being
/// counted as a dropout: in process there is no network to blame.
/// </summary>
internal sealed class InProcessTransport : IFederationTransport, ISiteLiveness
{
    private readonly IReadOnlyDictionary<string, IInProcessSite> _workers;
    private readonly SemaphoreSlim _gate;
    private readonly Lock _order = new();
    private Task _previous = Task.CompletedTask;
    private ExceptionDispatchInfo? _failure;
    private long _ids;

    private readonly CancellationToken _ct;

    public InProcessTransport(IEnumerable<IInProcessSite> workers, int parallelism, CancellationToken ct)
    {
        _ct = ct;
        _workers = workers.ToDictionary(w => w.Name, StringComparer.Ordinal);
        _gate = new SemaphoreSlim(Math.Max(1, parallelism));
    }

    public ISiteLiveness Liveness => this;

    public TimeProvider Clock => TimeProvider.System;

    public TimeSpan Grace => TimeSpan.Zero;

    public event Action<string>? Changed
    {
        add { }
        remove { }
    }

    public string? Absence(string site) => _workers.ContainsKey(site) ? null : $"no site '{site}' in this simulation";

    public DateTimeOffset? PresentUntil(string site) => null;

    public PendingTask Send(SiteWork work, Func<SiteAnswer, CancellationToken, Task> accept)
    {
        var worker = _workers[work.Site];
        var task = new PendingTask(work.Site, $"{work.Task.Round}-{work.Site}-{Interlocked.Increment(ref _ids)}", work.Deadline, null);
        var trained = Task.Run(async () =>
        {
            await _gate.WaitAsync().ConfigureAwait(false);
            try
            {
                // The simulator evaluates centrally, so evaluation-only work needs no answer from the site.
                return work.Kind == WorkKind.Evaluate ? new SiteAnswer(work.Site, null, null, "") : worker.Answer(work, _ct);
            }
            finally
            {
                _gate.Release();
            }
        });
        Task previous;
        lock (_order)
        {
            previous = _previous;
            _previous = Answer(task, trained, previous, accept);
        }
        return task;
    }

    private async Task Answer(PendingTask task, Task<SiteAnswer> trained, Task previous, Func<SiteAnswer, CancellationToken, Task> accept)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        try
        {
            var answer = await trained.ConfigureAwait(false);
            if (!task.TryClaim()) return;
            await accept(answer, _ct).ConfigureAwait(false);
            task.Complete(new TaskOutcome(OutcomeStatus.Ok, "", ""));
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(e), null);
            if (!task.TryClose(e.Message)) task.Complete(new TaskOutcome(OutcomeStatus.Failed, e.Message, ""));
        }
    }

    public void Finish(IReadOnlyList<PendingTask> tasks)
    {
        foreach (var t in tasks) t.TryClose("the round is over");
        Interlocked.Exchange(ref _failure, null)?.Throw();
    }
}
