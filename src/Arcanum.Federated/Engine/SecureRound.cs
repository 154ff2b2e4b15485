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
internal sealed class SecureRound(IFederationTransport transport, JobSpec job, SecAggOptions options)
{
    /// <summary>What the round produced: every site's outcome across the steps, and the sites in the mean (empty when it failed).</summary>
    public sealed record Outcome(IReadOnlyDictionary<string, TaskOutcome> Outcomes, IReadOnlyList<string> Contributors, long Samples, double ErrorBound, string? Failure,
        long[]? Counts = null, float[]? Extra = null);

    /// <param name="task">The round's task (global weights), the same for every site.</param>
    /// <param name="selected">The sites that train (and mask) this round.</param>
    /// <param name="evaluators">The sites that are present; those not selected only evaluate, when asked.</param>
    /// <param name="evaluateRound">The round whose model the sites evaluate (0: none).</param>
    /// <param name="aggregation">Where the unmasked mean goes; null for an evaluation-only round (the sites mask only their counts).</param>
    /// <param name="answers">Filled with the training and evaluation answers, by site.</param>
    /// <param name="ct">Stops the round.</param>
    /// <param name="countLength">Whole counts each site appends after its update (its evaluation's score histograms on a network).</param>
    /// <param name="minimumSurvivors">The fewest masked inputs the sum may be unmasked of (min_sites): fewer abandon the attempt first.</param>
    /// <param name="clipNorm">Under client-level DP with adaptive clipping, this round's clip norm; its sites then append one value (see <see cref="SecureSite"/>).</param>
    /// <param name="fixedDenominator">
    /// Under client-level DP, the sites asked: the noisy sum is divided by it (DP-FedAvg), not by the weights that arrived.
    /// </param>
    public async Task<Outcome> RunAsync(RoundTask task, IReadOnlyList<string> selected, IReadOnlyList<string> evaluators, int evaluateRound,
        IRoundAggregation? aggregation, ConcurrentDictionary<string, SiteAnswer> answers, CancellationToken ct, int? fixedDenominator = null, int countLength = 0,
        int minimumSurvivors = 0, double? clipNorm = null)
    {
        var outcomes = new Dictionary<string, TaskOutcome>(StringComparer.Ordinal);
        var names = selected.Order(StringComparer.Ordinal).ToList();
        if (names.Count < 3)
            throw new JobSpecException($"Secure aggregation needs at least 3 sites in a round; only {names.Count} could take part in round {task.Round}.");
        var modelLength = aggregation is null ? 0 : checked((int)task.Global.ParameterCount);
        var vector = modelLength + (clipNorm is null || aggregation is null ? 0 : 1);
        var masking = aggregation is null ? WorkKind.Evaluate : WorkKind.Train;
        SecAggServer server;
        try
        {
            server = new SecAggServer($"{job.DisplayName}/{task.Round}/{Guid.NewGuid():N}", [.. Enumerable.Range(0, names.Count)], vector, options,
                countLength: countLength, minimumSurvivors: minimumSurvivors);
        }
        catch (ArgumentException e)
        {
            throw new JobSpecException($"Secure aggregation cannot run round {task.Round} with {names.Count} sites: {e.Message}");
        }
        var gate = new Lock();
        string Name(int id) => names[id];

        try
        {
            // 1. Keys.
            await StepAsync(names, SecureStage.AdvertiseKeys, task, outcomes, (site, reply) =>
            {
                lock (gate) server.AddAdvertisement(Own(site, reply.Advertisement, names));
            }, new SecureRequest(SecureStage.AdvertiseKeys, server.Setup, names), ct);
            IReadOnlyList<KeyAdvertisement> advertised;
            lock (gate) advertised = server.EndAdvertiseKeys();

            // 2. Shares, only from sites whose keys arrived.
            await StepAsync(advertised.Select(a => Name(a.SiteId)).ToList(), SecureStage.ShareKeys, task, outcomes, (site, reply) =>
            {
                lock (gate) server.AddShares(Own(site, reply.Shares, names));
            }, new SecureRequest(SecureStage.ShareKeys, server.Setup, names, advertised), ct);
            IReadOnlyDictionary<int, SharesDelivery> deliveries;
            lock (gate) deliveries = server.EndShareKeys();

            // 3. Train and mask; sites that do not train this round evaluate alongside.
            var deadline = transport.Clock.GetUtcNow() + TimeSpan.FromSeconds(job.RoundTimeoutS);
            var pending = new List<PendingTask>();
            foreach (var (id, delivery) in deliveries)
            {
                var request = new SecureRequest(SecureStage.MaskedInput, server.Setup, names, Delivery: delivery, ClipNorm: clipNorm);
                pending.Add(transport.Send(new SiteWork(Name(id), masking, task, evaluateRound, deadline, request), (answer, _) =>
                {
                    lock (gate) server.AddMaskedInput(Own(Name(id), answer.Secure?.Masked, names));
                    // Summed: keep the answer without its masked vector (on a network that is a buffer the next upload reuses).
                    answers[Name(id)] = answer with { Secure = answer.Secure! with { Masked = null } };
                    return Task.CompletedTask;
                }));
            }
            foreach (var site in evaluateRound > 0 ? evaluators.Where(e => !names.Contains(e, StringComparer.Ordinal)) : [])
            {
                pending.Add(transport.Send(new SiteWork(site, WorkKind.Evaluate, task, evaluateRound, deadline), (answer, _) =>
                {
                    answers[site] = answer;
                    return Task.CompletedTask;
                }));
            }
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

            var contributors = result.Contributors.Select(Name).ToList();
            if (aggregation is null) return new Outcome(outcomes, contributors, result.TotalWeight, 0, null, result.Counts);
            var denominator = fixedDenominator ?? result.TotalWeight;
            if (denominator <= 0) throw new SecAggException("The contributors' total weight is zero; there is no mean.");
            var mean = SecAggVectors.Unflatten(result.WeightedSum.AsSpan(0, modelLength), task.Global, denominator);
            aggregation.AddMeanDifference(mean, result.TotalWeight, contributors);
            return new Outcome(outcomes, contributors, result.TotalWeight, result.ErrorBound / denominator, null, result.Counts,
                result.WeightedSum[modelLength..]);
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
            MaskedInput m => m.SiteId,
            UnmaskResponse u => u.SiteId,
            _ => -1,
        };
        if (id < 0 || id >= names.Count || names[id] != site)
            throw new ArgumentException($"Site '{site}' sent a {typeof(T).Name} in the name of site id {id}.");
        return reply;
    }
}
