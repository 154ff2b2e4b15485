using System.Collections.Concurrent;
using Arcanum.Core.Weights;
using Arcanum.Federated.Algorithms;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.SecureAggregation;

namespace Arcanum.Federated.Engine;

/// <summary>
/// One round under secure aggregation (SecAgg+, Bell et al. 2020), as four exchanges through the same
/// transport as any round: keys, shares, train-and-mask, unmask. The server learns the sample-weighted
/// mean of the sites' changes and their total sample count, never a single site's update. A site that
/// drops at any step is left out, and its masks are removed from the sum, as long as the threshold of
/// its neighbours remain; otherwise the attempt fails and says why (it never falls back to a plain sum).
/// </summary>
/// <param name="transport">How the steps reach the sites.</param>
/// <param name="job">The job (its round timeout and name).</param>
/// <param name="options">Graph, threshold and quantisation settings.</param>
internal sealed class SecureRound(IFederationTransport transport, JobSpec job, SecAggOptions options)
{
    /// <summary>What the round produced: every site's outcome across the steps, and the sites in the mean (empty when it failed).</summary>
    public sealed record Outcome(IReadOnlyDictionary<string, TaskOutcome> Outcomes, IReadOnlyList<string> Contributors, long Samples, double ErrorBound, string? Failure,
        long[]? Counts = null, float[]? Extra = null);

    /// <summary>
    /// What fixes a round's key exchange (keys, shares): the round, its sites in order, and the secure sum's shape. An exchange made
    /// ahead of its round serves only a round whose plan is the same. <c>ModelParts</c> are the lengths of the model's arrays: the server
    /// sums into arrays of these lengths, which become the new model.
    /// </summary>
    public sealed record KeyPlan(int Round, IReadOnlyList<string> Names, IReadOnlyList<int> ModelParts, int VectorLength, int CountLength, int MinimumSurvivors)
    {
        public int ModelLength { get; } = ModelParts.Sum();

        /// <summary>The parts the secure sum's vector comes out in: the model's arrays, then any value appended after it.</summary>
        public IReadOnlyList<int> VectorParts => VectorLength > ModelLength ? [.. ModelParts, VectorLength - ModelLength] : ModelParts;

        public bool Serves(KeyPlan other) =>
            Round == other.Round && ModelParts.SequenceEqual(other.ModelParts) && VectorLength == other.VectorLength && CountLength == other.CountLength
            && MinimumSurvivors == other.MinimumSurvivors && Names.SequenceEqual(other.Names, StringComparer.Ordinal);
    }

    /// <param name="round">The round.</param>
    /// <param name="selected">The sites that train (and mask) this round.</param>
    /// <param name="global">The round's global weights (their size); null for an evaluation-only round (the sites mask only their counts).</param>
    /// <param name="clipped">Under client-level DP with adaptive clipping: the sites append one value after their update (see <see cref="SecureSite"/>).</param>
    /// <param name="countLength">Whole counts each site appends after its update (its evaluation's score histograms on a network).</param>
    /// <param name="minimumSurvivors">The fewest masked inputs the sum may be unmasked of (min_sites): fewer abandon the attempt first.</param>
    public static KeyPlan Plan(int round, IReadOnlyList<string> selected, ModelWeights? global, bool clipped, int countLength, int minimumSurvivors)
    {
        var names = selected.Order(StringComparer.Ordinal).ToList();
        if (names.Count < 3)
            throw new JobSpecException($"Secure aggregation needs at least 3 sites in a round; only {names.Count} could take part in round {round}.");
        var modelLength = global is null ? 0 : checked((int)global.ParameterCount);
        return new KeyPlan(round, names, global is null ? [] : SecAggVectors.PartsOf(global), modelLength + (clipped && global is not null ? 1 : 0),
            countLength, minimumSurvivors);
    }

    /// <summary>A key exchange that went through (the server's side after the shares step), or why it failed.</summary>
    public sealed class KeyExchange(SecAggServer server, Dictionary<string, TaskOutcome> outcomes)
    {
        public SecAggServer Server { get; } = server;
        public Dictionary<string, TaskOutcome> Outcomes { get; } = outcomes;
        public Lock Gate { get; } = new();
        public IReadOnlyDictionary<int, SharesDelivery> Deliveries { get; set; } = new Dictionary<int, SharesDelivery>();
        public string? Failure { get; set; }
    }

    /// <summary>
    /// The first two exchanges, keys and shares. They need the round's sites, not its model, so a server may run them ahead,
    /// while it finishes the round before (see <see cref="RoundEngine.PrepareAhead"/>).
    /// </summary>
    public async Task<KeyExchange> ExchangeKeysAsync(KeyPlan plan, CancellationToken ct)
    {
        SecAggServer server;
        try
        {
            server = new SecAggServer($"{job.DisplayName}/{plan.Round}/{Guid.NewGuid():N}", [.. Enumerable.Range(0, plan.Names.Count)], plan.VectorLength, options,
                countLength: plan.CountLength, minimumSurvivors: plan.MinimumSurvivors, vectorParts: plan.VectorParts);
        }
        catch (ArgumentException e)
        {
            throw new JobSpecException($"Secure aggregation cannot run round {plan.Round} with {plan.Names.Count} sites: {e.Message}");
        }
        var names = plan.Names;
        var keys = new KeyExchange(server, new Dictionary<string, TaskOutcome>(StringComparer.Ordinal));
        // The key steps carry no model: the round's number is all a site learns from the task.
        var task = new RoundTask(plan.Round, NoModel, 0, null);
        try
        {
            // 1. Keys.
            await StepAsync(names, SecureStage.AdvertiseKeys, task, keys.Outcomes, (site, reply) =>
            {
                lock (keys.Gate) server.AddAdvertisement(Own(site, reply.Advertisement, names));
            }, new SecureRequest(SecureStage.AdvertiseKeys, server.Setup, names), ct);
            IReadOnlyList<KeyAdvertisement> advertised;
            lock (keys.Gate) advertised = server.EndAdvertiseKeys();

            // 2. Shares, only from sites whose keys arrived.
            await StepAsync(advertised.Select(a => names[a.SiteId]).ToList(), SecureStage.ShareKeys, task, keys.Outcomes, (site, reply) =>
            {
                lock (keys.Gate) server.AddShares(Own(site, reply.Shares, names));
            }, new SecureRequest(SecureStage.ShareKeys, server.Setup, names, advertised), ct);
            lock (keys.Gate) keys.Deliveries = server.EndShareKeys();
        }
        catch (SecAggException e)
        {
            keys.Failure = e.Message;
        }
        return keys;
    }

    /// <param name="task">The round's task (global weights), the same for every site.</param>
    /// <param name="plan">The round's key plan (<see cref="Plan"/>).</param>
    /// <param name="evaluators">The sites that are present; those not selected only evaluate, when asked.</param>
    /// <param name="evaluateRound">The round whose model the sites evaluate (0: none).</param>
    /// <param name="aggregation">Where the unmasked mean goes; null for an evaluation-only round (the sites mask only their counts).</param>
    /// <param name="answers">Filled with the training and evaluation answers, by site.</param>
    /// <param name="ct">Stops the round.</param>
    /// <param name="fixedDenominator">
    /// Under client-level DP, the sites asked: the noisy sum is divided by it (DP-FedAvg), not by the weights that arrived.
    /// </param>
    /// <param name="clipNorm">Under client-level DP with adaptive clipping, this round's clip norm (the plan must say so).</param>
    /// <param name="keys">The plan's key exchange when it was run ahead; null runs it now.</param>
    /// <param name="unmasked">Called as soon as the sum is unmasked, before the mean is taken.</param>
    public async Task<Outcome> RunAsync(RoundTask task, KeyPlan plan, IReadOnlyList<string> evaluators, int evaluateRound,
        IRoundAggregation? aggregation, ConcurrentDictionary<string, SiteAnswer> answers, CancellationToken ct, int? fixedDenominator = null,
        double? clipNorm = null, KeyExchange? keys = null, Action? unmasked = null)
    {
        var exchanged = keys ?? await ExchangeKeysAsync(plan, ct).ConfigureAwait(false);
        var outcomes = exchanged.Outcomes;
        if (exchanged.Failure is { } failure) return new Outcome(outcomes, [], 0, 0, failure);
        var names = plan.Names;
        var server = exchanged.Server;
        var gate = exchanged.Gate;
        var masking = aggregation is null ? WorkKind.Evaluate : WorkKind.Train;
        string Name(int id) => names[id];

        try
        {
            // 3. Train and mask; sites that do not train this round evaluate alongside.
            var deadline = transport.Clock.GetUtcNow() + TimeSpan.FromSeconds(job.RoundTimeoutS);
            var pending = new List<PendingTask>();
            // Once the server has abandoned the sum (a fault of its own), nothing of this attempt can count: the step ends at once,
            // evaluations too, and the engine runs the round again.
            void EndIfAbandoned()
            {
                lock (gate)
                {
                    if (server.Abandoned is { } why) foreach (var t in pending) t.TryClose("the server abandoned the round: " + why);
                }
            }
            void Add(PendingTask sent)
            {
                lock (gate) pending.Add(sent);
            }
            bool Abandoned()
            {
                lock (gate) return server.Abandoned is not null;
            }
            foreach (var (id, delivery) in exchanged.Deliveries)
            {
                var request = new SecureRequest(SecureStage.MaskedInput, server.Setup, names, Delivery: delivery, ClipNorm: clipNorm);
                var sent = transport.Send(new SiteWork(Name(id), masking, task, evaluateRound, deadline, request), (answer, _) =>
                {
                    try
                    {
                        lock (gate) server.AddMaskedInput(Own(Name(id), answer.Secure?.Masked, names));
                    }
                    catch (SecAggAbandonedException)
                    {
                        EndIfAbandoned();
                        throw;
                    }
                    // Summed: keep the answer without its masked input (on a network that reads a spooled file, deleted once this returns).
                    answers[Name(id)] = answer with { Secure = answer.Secure! with { Masked = null } };
                    return Task.CompletedTask;
                });
                Add(sent);
            }
            EndIfAbandoned();
            foreach (var site in evaluateRound > 0 && !Abandoned() ? evaluators.Where(e => !names.Contains(e, StringComparer.Ordinal)) : [])
            {
                Add(transport.Send(new SiteWork(site, WorkKind.Evaluate, task, evaluateRound, deadline), (answer, _) =>
                {
                    answers[site] = answer;
                    return Task.CompletedTask;
                }));
            }
            EndIfAbandoned();
            await WaitAsync(pending, outcomes, ct);
            UnmaskRequest unmask;
            lock (gate) unmask = server.EndMaskedInput();

            // 4. Unmask, asked of the sites whose masked update arrived.
            await StepAsync(unmask.Survivors.Select(Name).ToList(), SecureStage.Unmask, task, outcomes, (site, reply) =>
            {
                lock (gate) server.AddUnmaskResponse(Own(site, reply.Unmask, names));
            }, new SecureRequest(SecureStage.Unmask, server.Setup, names, Unmask: unmask), ct);
            SecAggResult result;
            lock (gate) result = server.Finish();
            unmasked?.Invoke();

            var contributors = result.Contributors.Select(Name).ToList();
            if (aggregation is null) return new Outcome(outcomes, contributors, result.TotalWeight, 0, null, result.Counts);
            var denominator = fixedDenominator ?? result.TotalWeight;
            if (denominator <= 0) throw new SecAggException("The contributors' total weight is zero; there is no mean.");
            var extra = result.Parts.Skip(plan.ModelParts.Count).SelectMany(p => p).ToArray();
            var mean = SecAggVectors.AsModel([.. result.Parts.Take(plan.ModelParts.Count)], task.Global, denominator);
            aggregation.AddMeanDifference(mean, result.TotalWeight, contributors);
            return new Outcome(outcomes, contributors, result.TotalWeight, result.ErrorBound / denominator, null, result.Counts, extra);
        }
        catch (SecAggException e)
        {
            return new Outcome(outcomes, [], 0, 0, e.Message);
        }
    }

    /// <summary>One key step: the request to every site in <paramref name="sites"/>, each reply handed to <paramref name="take"/>.</summary>
    private async Task StepAsync(IReadOnlyList<string> sites, SecureStage stage, RoundTask task, Dictionary<string, TaskOutcome> outcomes,
        Action<string, SecureReply> take, SecureRequest request, CancellationToken ct)
    {
        var deadline = transport.Clock.GetUtcNow() + TimeSpan.FromSeconds(job.RoundTimeoutS);
        var pending = sites.Select(site => transport.Send(new SiteWork(site, WorkKind.Secure, task, 0, deadline, request), (answer, _) =>
        {
            take(site, answer.Secure ?? throw new ArgumentException($"Site '{site}' answered the {stage} step without a secure-aggregation reply."));
            return Task.CompletedTask;
        })).ToList();
        await WaitAsync(pending, outcomes, ct);
    }

    private static readonly ModelWeights NoModel = new([]);

    private async Task WaitAsync(List<PendingTask> pending, Dictionary<string, TaskOutcome> outcomes, CancellationToken ct)
    {
        IReadOnlyDictionary<string, TaskOutcome> ended;
        try
        {
            ended = await TaskExchange.WaitAsync(pending, transport.Liveness, transport.Clock, transport.Grace,
                $"no answer within round_timeout_s ({job.RoundTimeoutS} s)", ct).ConfigureAwait(false);
        }
        finally
        {
            transport.Finish(pending);
        }
        // A site's outcome for the round is its first setback, or OK when every step went through.
        foreach (var (site, o) in ended)
        {
            if (!outcomes.TryGetValue(site, out var before) || before.Ok) outcomes[site] = o;
        }
    }

    /// <summary>A reply of the right kind, from the site it claims to be from.</summary>
    private static T Own<T>(string site, T? reply, IReadOnlyList<string> names) where T : class
    {
        if (reply is null) throw new ArgumentException($"Site '{site}' sent no {typeof(T).Name}.");
        var id = reply switch
        {
            KeyAdvertisement a => a.SiteId,
            ShareKeysMessage s => s.SiteId,
            IMaskedInput m => m.SiteId,
            UnmaskResponse u => u.SiteId,
            _ => -1,
        };
        if (id < 0 || id >= names.Count || names[id] != site)
            throw new ArgumentException($"Site '{site}' sent a {typeof(T).Name} in the name of site id {id}.");
        return reply;
    }
}
