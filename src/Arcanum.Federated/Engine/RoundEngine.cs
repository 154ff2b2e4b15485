using System.Collections.Concurrent;
using Arcanum.Core.Weights;
using Arcanum.Federated.Algorithms;
using Arcanum.Core.Privacy;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Privacy;
using Arcanum.Federated.SecureAggregation;
using Arcanum.Federated.Simulation;

namespace Arcanum.Federated.Engine;

/// <summary>
/// The one round loop, for the simulator and the server alike: pick the sites that can be counted
/// on, sample who trains, send the task through the transport, fold answers into the algorithm's
/// aggregation as they arrive (they are never kept), and complete the round once every task has
/// ended, or run it again when too few sites answered. One instance per job: it remembers which
/// participants are absent, so each absence is reported once, not every round.
/// </summary>
public sealed class RoundEngine : IAsyncDisposable
{
    /// <summary>A round that gathers too few results is tried this many times before the job fails.</summary>
    public const int MaxAttempts = 3;

    private readonly IFederationTransport _transport;
    private readonly IRoundObserver _observer;
    private readonly HashSet<string> _absent = new(StringComparer.Ordinal);

    private readonly Action? _refresh;

    /// <param name="transport">How the engine reaches sites.</param>
    /// <param name="observer">Hears of each round's start, setbacks, absences and retries.</param>
    /// <param name="refresh">Called before the engine picks a round's sites (a server re-checks certificates there, so a revoked site gets no task).</param>
    public RoundEngine(IFederationTransport transport, IRoundObserver? observer = null, Action? refresh = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        _transport = transport;
        _observer = observer ?? new NoObserver();
        _refresh = refresh;
    }

    /// <summary>
    /// Runs <paramref name="round"/> of <paramref name="job"/> among <paramref name="participants"/>
    /// from <paramref name="global"/>. With <paramref name="evaluate"/>, every site that can be
    /// reached also evaluates the incoming weights (the previous round's model) on its held-out rows;
    /// sites that do not train this round get an evaluation-only task.
    /// </summary>
    public async Task<RoundReport> RunAsync(JobSpec job, IServerStrategy strategy, IReadOnlyList<string> participants, ModelWeights global, int round,
        bool evaluate, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(strategy);
        if (participants.Count == 0) throw new JobSpecException("The job has no participating sites.");
        var need = Need(job, participants);
        var clock = _transport.Clock;
        var timeout = TimeSpan.FromSeconds(job.RoundTimeoutS);
        var evaluateRound = evaluate ? round - 1 : 0;
        for (var attempt = 1; ; attempt++)
        {
            _refresh?.Invoke();
            // A round is not spent on sites still reconnecting: wait (at most a round's timeout) for enough of them.
            await TaskExchange.UntilAsync(() => Present(participants).Count >= need, _transport.Liveness, clock, clock.GetUtcNow() + timeout, ct)
                .ConfigureAwait(false);
            // Only sites present now get a task: one that died in an earlier round is not waited on
            // again; it takes part again once it is back.
            var present = Present(participants);
            NoteAbsences(participants, present, round);
            var selected = Pick(job, round, present, need);
            var task = strategy.CreateTask(round, global);
            var aggregation = strategy.BeginRound(round, global, participants.Count);
            var answers = new ConcurrentDictionary<string, SiteAnswer>(StringComparer.Ordinal);
            var deadline = clock.GetUtcNow() + timeout;
            _observer.Starting(round, attempt, selected.Count);

            // The exchange: plain, or the four steps of secure aggregation. Either way what follows is the same.
            // Client-level DP: the server clips and noises the sum, or, under secure aggregation, each site adds its share.
            var clientDp = job.ClientDp is { } cdp && !job.SecureAggregation ? new ClientDpRound(cdp, global, (ClientDpLedger ??= new ClientDpLedger(cdp)).ClipNorm) : null;
            IReadOnlyDictionary<string, TaskOutcome> outcomes;
            SecureAggregate? secured = null;
            float[]? extra = null;
            int contributed;
            string shortfall;
            if (job.SecureAggregation)
            {
                var plan = KeyPlan(job, selected, global, round, evaluateRound, need);
                var keys = await TakePreparedAsync(plan).ConfigureAwait(false);
                var secure = await SecureRoundOf(job).RunAsync(task, plan, present, evaluateRound, aggregation, answers, ct,
                    fixedDenominator: job.ClientDp is null ? null : selected.Count,
                    clipNorm: job.ClientDp is { AdaptiveClipping: true } a ? (ClientDpLedger ??= new ClientDpLedger(a)).ClipNorm : null,
                    keys: keys,
                    unmasked: PrepareAhead && round < job.Rounds ? () => Prepare(job, participants, global, round + 1, evaluate, ct) : null).ConfigureAwait(false);
                extra = secure.Extra;
                outcomes = secure.Outcomes;
                secured = new SecureAggregate(secure.Contributors, secure.Samples, secure.ErrorBound, secure.Counts);
                contributed = secure.Contributors.Count;
                shortfall = $"secure aggregation gathered {contributed} of {selected.Count} sites" + (secure.Failure is { } f ? $" ({f})" : "");
            }
            else
            {
                outcomes = await ExchangeAsync(job, task, present, selected, evaluateRound, deadline, aggregation, clientDp, answers, ct).ConfigureAwait(false);
                contributed = answers.Count(a => a.Value.Trained is not null);
                shortfall = $"{contributed} of {selected.Count} sites answered before the deadline";
            }
            foreach (var (site, outcome) in outcomes.Where(o => !o.Value.Ok)) _observer.Setback(round, site, outcome);

            if (contributed < need)
            {
                // Too few results: the partial sums go with `aggregation` and the round runs again.
                var why = $"round {round}: {shortfall}; need {need} (min_sites)";
                if (attempt >= MaxAttempts) throw new JobSpecException($"{why}. Gave up after {MaxAttempts} attempts.");
                _observer.Retrying(round, why, attempt + 1, MaxAttempts, answers);
                continue;
            }

            double? epsilon = null;
            double? sigma = null;
            if (job.ClientDp is { } dp)
            {
                ClientDpLedger ??= new ClientDpLedger(dp);
                // Central noise: the job's σ. Distributed (secure aggregation): only the contributors' noise shares are in the
                // sum, so a dropout leaves σ·√(contributed/asked), and that is what the round is charged.
                sigma = clientDp is not null ? dp.NoiseMultiplier : ClientDp.EffectiveNoiseMultiplier(dp.NoiseMultiplier, selected.Count, contributed);
                // Adaptive clipping under secure aggregation: the sites' noisy (b − ½) values arrive summed after the update.
                var nextClipNorm = clientDp?.Complete(aggregation, selected.Count)
                    ?? (dp.AdaptiveClipping && extra is [var unclipped, ..]
                        ? ClientDp.NextClipNorm(ClientDpLedger.ClipNorm, unclipped / selected.Count + 0.5, dp.TargetUnclippedQuantile, dp.ClipLearningRate)
                        : ClientDpLedger.ClipNorm);
                epsilon = ClientDpLedger.Record(round, sigma.Value, selected.Count, participants.Count, nextClipNorm);
            }
            var next = aggregation.Complete();
            TrainingDivergedException.ThrowIfNotFinite(next, $"in round {round} ({job.Algorithm})", DivergenceHint(job));
            return new RoundReport(round, next, selected, new Dictionary<string, SiteAnswer>(answers, StringComparer.Ordinal), outcomes, attempt)
            {
                Secure = secured,
                ClientEpsilon = epsilon,
                ClientClipped = clientDp?.Clipped,
                ClientClipNorm = ClientDpLedger?.ClipNorm,
                ClientNoiseMultiplier = sigma,
            };
        }
    }

    /// <summary>
    /// Under secure aggregation, run the next round's key exchanges (keys, shares) as soon as this round's sum is unmasked, so they
    /// overlap what the caller does between rounds (a server's checkpoint and commit) instead of adding two exchanges to every round.
    /// They need the round's sites, not its model; the next round uses them when the same sites are picked then, and otherwise runs
    /// its own. A caller that sets it disposes the engine when the job ends, which stops an exchange no round will use.
    /// </summary>
    public bool PrepareAhead { get; init; }

    private PreparedKeys? _prepared;

    /// <summary>A key exchange run ahead: its plan, the sites' registrations when it started (see <see cref="ISiteLiveness.Registration"/>), and how to stop it.</summary>
    private sealed record PreparedKeys(SecureRound.KeyPlan Plan, long[] Registrations, Task<SecureRound.KeyExchange> Keys, CancellationTokenSource Stop);

    private long[] Registrations(IReadOnlyList<string> sites) => [.. sites.Select(_transport.Liveness.Registration)];

    private SecureRound SecureRoundOf(JobSpec job) =>
        // Under client-level DP every site weighs 1: a weight cap of 1 leaves the quantisation all of 32 bits.
        new(_transport, job, job.ClientDp is null ? SecureOptions : SecureOptions with { MaxWeight = 1 });

    private SecureRound.KeyPlan KeyPlan(JobSpec job, IReadOnlyList<string> selected, ModelWeights global, int round, int evaluateRound, int need) =>
        SecureRound.Plan(round, selected, global, clipped: job.ClientDp is { AdaptiveClipping: true }, evaluateRound > 0 ? SecureEvaluationCounts : 0, need);

    /// <summary>Starts <paramref name="round"/>'s key exchange with the sites present now (see <see cref="PrepareAhead"/>).</summary>
    private void Prepare(JobSpec job, IReadOnlyList<string> participants, ModelWeights global, int round, bool evaluate, CancellationToken ct)
    {
        try
        {
            _refresh?.Invoke();
            var need = Need(job, participants);
            var present = Present(participants);
            if (present.Count < Math.Max(3, need)) return;   // the round will wait for sites, and pick them then
            var plan = KeyPlan(job, Pick(job, round, present, need), global, round, evaluate ? round - 1 : 0, need);
            var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            _prepared = new PreparedKeys(plan, Registrations(plan.Names),
                Task.Run(() => SecureRoundOf(job).ExchangeKeysAsync(plan, stop.Token), CancellationToken.None), stop);
        }
        catch (Exception)
        {
            // Running ahead is only a saving, and this round's sum is already unmasked: whatever failed here (too few sites, a
            // certificate re-check that cannot read its list) fails again where the next round starts, and is reported there.
        }
    }

    /// <summary>
    /// The key exchange run ahead for <paramref name="plan"/>, or null: none was, it was for other sites (it is stopped), not every
    /// site came through it (a site silent meanwhile may be back; the round then runs its own exchange, as a fresh attempt would), or
    /// a site registered again since it started (it may have restarted, and the keys it got are gone with the process that held
    /// them: with this exchange it would fail the masked step and sit the round out).
    /// </summary>
    private async Task<SecureRound.KeyExchange?> TakePreparedAsync(SecureRound.KeyPlan plan)
    {
        if (_prepared is not { } prepared) return null;
        _prepared = null;
        if (!prepared.Plan.Serves(plan))
        {
            await StopAsync(prepared).ConfigureAwait(false);
            return null;
        }
        try
        {
            var keys = await prepared.Keys.ConfigureAwait(false);
            return keys.Failure is null && keys.Deliveries.Count == plan.Names.Count && Registrations(plan.Names).SequenceEqual(prepared.Registrations)
                ? keys : null;
        }
        catch (Exception e) when (e is not JobSpecException)
        {
            return null;   // stopped, or failed: the round's own exchange says what goes wrong
        }
        finally
        {
            prepared.Stop.Dispose();
        }
    }

    private static async Task StopAsync(PreparedKeys prepared)
    {
        await prepared.Stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await prepared.Keys.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Stopped, or failed: no round uses it, and the round that runs instead says what goes wrong.
        }
        prepared.Stop.Dispose();
    }

    /// <summary>Stops a key exchange run ahead for a round that will not come (the job ended); its open tasks are closed.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_prepared is { } prepared)
        {
            _prepared = null;
            await StopAsync(prepared).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A plain exchange: train work for the selected sites, evaluation work for the others (when asked),
    /// each answer folded into the aggregation (or the client-level DP sum) as it arrives.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, TaskOutcome>> ExchangeAsync(JobSpec job, RoundTask task, IReadOnlyList<string> present,
        IReadOnlyList<string> selected, int evaluateRound, DateTimeOffset deadline, IRoundAggregation aggregation, ClientDpRound? clientDp,
        ConcurrentDictionary<string, SiteAnswer> answers, CancellationToken ct)
    {
        var pending = new List<PendingTask>();
        foreach (var site in present)
        {
            var train = selected.Contains(site, StringComparer.Ordinal);
            if (!train && evaluateRound == 0) continue;
            var work = new SiteWork(site, train ? WorkKind.Train : WorkKind.Evaluate, task, evaluateRound, deadline);
            pending.Add(_transport.Send(work, (answer, _) =>
            {
                if (answer.Trained is { } result)
                {
                    if (!string.Equals(result.Site, site, StringComparison.Ordinal))
                        throw new ArgumentException($"The answer of site '{site}' names site '{result.Site}'.");
                    if (clientDp is not null) clientDp.Add(result);
                    else aggregation.Add(result);
                    // Folded: keep the counts, not the weights (one model per site until the round ends;
                    // on the network the weights live in a buffer the next upload reuses).
                    answer = answer with { Trained = result with { Weights = Folded, ControlDelta = null, Upload = null } };
                }
                answers[site] = answer;
                return Task.CompletedTask;
            }));
        }
        try
        {
            return await TaskExchange.WaitAsync(pending, _transport.Liveness, _transport.Clock, _transport.Grace,
                $"no answer within round_timeout_s ({job.RoundTimeoutS} s)", ct).ConfigureAwait(false);
        }
        finally
        {
            _transport.Finish(pending);
        }
    }

    /// <summary>
    /// Under secure aggregation, has <paramref name="sites"/> evaluate <paramref name="global"/> as one secure exchange:
    /// each site's answer carries its own metrics, and its score histograms reach the server only summed over all of them.
    /// Used for the final model, which no training round evaluates.
    /// </summary>
    public async Task<SecureEvaluation> EvaluateSecurelyAsync(JobSpec job, IReadOnlyList<string> sites, ModelWeights global, int round, int evaluateRound,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        var answers = new ConcurrentDictionary<string, SiteAnswer>(StringComparer.Ordinal);
        var plan = SecureRound.Plan(round, sites, null, clipped: false, SecureEvaluationCounts, Math.Min(Math.Max(3, job.MinSites), sites.Count));
        var outcome = await new SecureRound(_transport, job, SecureOptions with { MaxWeight = 1 })
            .RunAsync(new RoundTask(round, global, 0, null), plan, [], evaluateRound, null, answers, ct)
            .ConfigureAwait(false);
        return new SecureEvaluation(new Dictionary<string, SiteAnswer>(answers, StringComparer.Ordinal), outcome.Outcomes, outcome.Contributors,
            outcome.Counts, outcome.Failure);
    }

    /// <summary>
    /// Secure-aggregation settings; <see cref="SecAggOptions.MaxWeight"/> should be the largest site's
    /// training rows, so the secure mean weighs sites exactly as FedAvg does (the transport's owner knows them).
    /// </summary>
    public SecAggOptions SecureOptions { get; init; } = new();

    /// <summary>
    /// Under secure aggregation, in rounds that evaluate: how many whole counts each site's evaluation adds to its masked
    /// input (the network's score histograms, so the server learns only their sum); 0 in the simulator, which evaluates centrally.
    /// </summary>
    public int SecureEvaluationCounts { get; init; }

    /// <summary>
    /// Client-level DP's spend so far (null until the first round of a job with "client_dp"). A server resuming a job
    /// sets it from what it saved, so ε keeps counting from where it was.
    /// </summary>
    public ClientDpLedger? ClientDpLedger { get; set; }

    private static string DivergenceHint(JobSpec job) =>
        $"Lower the learning rate (lr, now {job.LearningRate}){(job.ServerLearningRate is { } s ? $" or the server learning rate (server_lr, now {s})" : "")}.";

    /// <summary>The fewest results a round of <paramref name="job"/> needs (min_sites, at most every participant).</summary>
    private static int Need(JobSpec job, IReadOnlyList<string> participants) => Math.Min(Math.Max(1, job.MinSites), participants.Count);

    /// <summary>Who trains in <paramref name="round"/> among <paramref name="present"/>: the same pick whenever the same sites are present.</summary>
    private static IReadOnlyList<string> Pick(JobSpec job, int round, IReadOnlyList<string> present, int need) =>
        present.Count == 0 ? [] : ClientSampler.Sample(round, present, job.Fraction, Math.Min(need, present.Count), job.Seed);

    private List<string> Present(IReadOnlyList<string> participants) =>
        participants.Where(p => _transport.Liveness.Absence(p) is null).ToList();

    private void NoteAbsences(IReadOnlyList<string> participants, IReadOnlyList<string> present, int round)
    {
        foreach (var site in participants)
        {
            var here = present.Contains(site, StringComparer.Ordinal);
            if (!here && _absent.Add(site)) _observer.Absent(round, site, _transport.Liveness.Absence(site) ?? "it is offline");
            else if (here && _absent.Remove(site)) _observer.Returned(round, site);
        }
    }

    private static readonly ModelWeights Folded = new([]);

    private sealed class NoObserver : IRoundObserver;
}
