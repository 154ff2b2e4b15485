using Arcanum.Core.Weights;
using Arcanum.Federated.Algorithms;
using Arcanum.Federated.Engine;
using Arcanum.Federated.SecureAggregation;
using Microsoft.Extensions.Time.Testing;

namespace Arcanum.Federated.Tests.Engine;

/// <summary>
/// A transport whose sites answer when the test says so, on a fake clock: deadlines, silences and
/// late or duplicate answers without sockets or sleeps.
/// </summary>
internal sealed class ScriptedTransport : IFederationTransport, ISiteLiveness
{
    private readonly Dictionary<string, DateTimeOffset?> _presentUntil = new(StringComparer.Ordinal);
    private readonly List<(SiteWork Work, PendingTask Task, Func<SiteAnswer, CancellationToken, Task> Accept)> _sent = [];
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];

    public ScriptedTransport(params string[] sites)
    {
        foreach (var s in sites) _presentUntil[s] = DateTimeOffset.MaxValue;
    }

    public FakeTimeProvider FakeClock { get; } = new(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));

    /// <summary>When set, every site that is sent work answers at once with this.</summary>
    public Func<SiteWork, SiteAnswer?>? AutoAnswer { get; set; }

    public ISiteLiveness Liveness => this;

    public TimeProvider Clock => FakeClock;

    public TimeSpan Grace { get; set; } = TimeSpan.Zero;

    public event Action<string>? Changed;

    public int Finished { get; private set; }

    public IReadOnlyList<SiteWork> Sent
    {
        get
        {
            lock (_sent) return _sent.Select(s => s.Work).ToList();
        }
    }

    /// <summary>The tasks sent that no answer, deadline or close has ended yet.</summary>
    public int OpenCount
    {
        get
        {
            lock (_sent) return _sent.Count(s => s.Task.IsOpen);
        }
    }

    /// <summary>Absent from now on (offline).</summary>
    public void Leave(string site) => _presentUntil[site] = null;

    /// <summary>Present until <paramref name="until"/> unless heard from again.</summary>
    public void PresentUntilTime(string site, DateTimeOffset until) => _presentUntil[site] = until;

    private readonly Dictionary<string, long> _registrations = new(StringComparer.Ordinal);

    /// <summary>The site restarted: it registers again (and stays present), and every wait hears of it.</summary>
    public void Reregister(string site)
    {
        _registrations[site] = Registration(site) + 1;
        Return(site);
    }

    public long Registration(string site) => _registrations.GetValueOrDefault(site);

    /// <summary>Present again, and every wait hears of it.</summary>
    public void Return(string site)
    {
        _presentUntil[site] = DateTimeOffset.MaxValue;
        Changed?.Invoke(site);
    }

    public string? Absence(string site) =>
        _presentUntil.GetValueOrDefault(site) is { } until && FakeClock.GetUtcNow() <= until ? null : "it is offline";

    public DateTimeOffset? PresentUntil(string site) =>
        _presentUntil.GetValueOrDefault(site) is { } until && until != DateTimeOffset.MaxValue && FakeClock.GetUtcNow() <= until ? until : null;

    public PendingTask Send(SiteWork work, Func<SiteAnswer, CancellationToken, Task> accept)
    {
        SiteAnswer? answer = null;
        var task = new PendingTask(work.Site, Guid.NewGuid().ToString("N"), work.Deadline, (_, _, ct) => accept(answer!, ct));
        lock (_sent)
        {
            _sent.Add((work, task, (a, ct) =>
            {
                answer = a;
                return Task.CompletedTask;
            }));
            foreach (var w in _waiters.Where(w => _sent.Count >= w.Count)) w.Reached.TrySetResult();
        }
        SiteAnswer? auto;
        try
        {
            auto = AutoAnswer?.Invoke(work);
        }
        catch (SecAggException e)
        {
            // As a network site does: a secure step it cannot take (keys it does not hold) is answered FAILED.
            _ = task.AnswerAsync(new TaskOutcome(OutcomeStatus.Failed, e.Message, ""), null, CancellationToken.None);
            return task;
        }
        if (auto is not null)
        {
            answer = auto;
            _ = task.AnswerAsync(new TaskOutcome(OutcomeStatus.Ok, "", ""), null, CancellationToken.None);
        }
        return task;
    }

    public void Finish(IReadOnlyList<PendingTask> tasks)
    {
        foreach (var t in tasks) t.TryClose("the round is over");
        Finished++;
    }

    /// <summary>Completes once <paramref name="count"/> tasks have been sent in all.</summary>
    public Task SentAsync(int count)
    {
        lock (_sent)
        {
            if (_sent.Count >= count) return Task.CompletedTask;
            var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, tcs));
            return tcs.Task;
        }
    }

    /// <summary>The latest task sent to <paramref name="site"/> answers; null when it counted, else why not.</summary>
    public Task<string?> AnswerAsync(string site, SiteAnswer answer)
    {
        (SiteWork Work, PendingTask Task, Func<SiteAnswer, CancellationToken, Task> Keep) sent;
        lock (_sent) sent = _sent.Last(s => s.Work.Site == site);
        sent.Keep(answer, CancellationToken.None);
        return sent.Task.AnswerAsync(new TaskOutcome(OutcomeStatus.Ok, "", ""), null, CancellationToken.None);
    }

    /// <summary>A training answer whose single weight is <paramref name="value"/>.</summary>
    public static SiteAnswer Trained(string site, float value, long samples) =>
        new(site, new RoundResult(site, samples, Weights(value), null, 1), 0.5, "");

    public static ModelWeights Weights(float value) => new([new NamedArray("w", [1], [value])]);
}
