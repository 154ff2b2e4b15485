using Arcanum.Core.Metrics;
using Arcanum.Core.Weights;
using Arcanum.Federated.Algorithms;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.SecureAggregation;
using Arcanum.Network.Transport;

namespace Arcanum.Network.Site;

/// <summary>
/// A site agent's side of secure aggregation across its jobs: the step a task carries, the answers to key steps, and the masked
/// answers that replace a plain training (or final evaluation) answer. A job's round keys live in its <see cref="SecureSite"/>
/// between steps. Under secure aggregation nothing of a site's update or score histograms leaves in clear.
/// </summary>
internal sealed class SecureParticipation(SiteKeys? keys)
{
    // Used by the pull loop; the heartbeat loop reads the job ids.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SecureSite> _sites = new(StringComparer.Ordinal);

    /// <summary>The jobs whose round keys are held.</summary>
    public ICollection<string> JobIds => _sites.Keys;

    /// <summary>Drops a job's round keys (the job is over); whether any were held.</summary>
    public bool Forget(string jobId) => _sites.TryRemove(jobId, out _);

    /// <summary>The task's secure-aggregation step, checked against its schema; null when it has none.</summary>
    public static SecureRequest? Step(Protocol.Task task)
    {
        if (task.StepJson.Length == 0) return null;
        if (WireSchemas.Check(WireDocument.SecureStep, task.StepJson) is { } why) throw new FormatException("The task's step_json is not valid: " + why);
        return WireJson.Read<SecureRequest>(task.StepJson, "secure-aggregation step");
    }

    /// <summary>A key step's answer (advertise, share, unmask), as its result document.</summary>
    public string Answer(string jobId, string site, JobSpec job, SecureRequest step) => WireJson.Write(SiteOf(jobId, site, job).Handle(step));

    /// <summary>
    /// The counts this site adds to the step's secure sum: its evaluation's dense score histograms, or zeros when it keeps them
    /// (<paramref name="share"/> false; the server then sees the sum does not cover its rows and reports site means, saying so).
    /// </summary>
    public static uint[] HistogramCounts(SecureRequest step, IReadOnlyList<int> labels, float[] probabilities, int classCount, bool share)
    {
        var dense = ScoreHistograms.Build(labels, probabilities, classCount).Counts;
        if (dense.Length != step.Setup.CountLength)
            throw new FormatException($"The round expects {step.Setup.CountLength} counts; this site's score histograms have {dense.Length}.");
        return share ? [.. dense.Select(c => (uint)c)] : new uint[dense.Length];
    }

    /// <summary>A training answer under secure aggregation: the masked update (weight and counts inside); under client-level DP no loss.</summary>
    public (string Json, Action<Stream> Payload) MaskedTraining(string jobId, string site, JobSpec job, SecureRequest step, ModelWeights global,
        RoundResult trained, double? trainLoss, SiteEvaluation? evaluation, double? epsilon, uint[]? counts)
    {
        var masked = Whole(SiteOf(jobId, site, job).Mask(step, global, trained, counts));
        var result = new MaskedTrainResult(masked.SiteId, job.ClientDp is null ? trainLoss : null, evaluation, epsilon);
        return (WireJson.Write(result), stream => SafeTensors.WriteUInt32(stream, Payloads.Masked, masked.Values));
    }

    /// <summary>The final model's evaluation under secure aggregation: the site's metrics, its score histograms only in the masked sum.</summary>
    public (string Json, Action<Stream> Payload) MaskedEvaluation(string jobId, string site, JobSpec job, SecureRequest step, SiteEvaluation? evaluation,
        uint[]? counts)
    {
        var masked = Whole(SiteOf(jobId, site, job).MaskCounts(step, counts ?? []));
        return (WireJson.Write(new MaskedTrainResult(masked.SiteId, null, evaluation, null)), stream => SafeTensors.WriteUInt32(stream, Payloads.Masked, masked.Values));
    }

    /// <summary>The masked input a site made, which it holds whole to send.</summary>
    private static MaskedInput Whole(SecureReply reply) =>
        reply.Masked as MaskedInput ?? throw new InvalidOperationException("A site's own masked input is held whole.");

    private SecureSite SiteOf(string jobId, string site, JobSpec job)
    {
        if (_sites.TryGetValue(jobId, out var secure)) return secure;
        var k = keys ?? throw new SecAggRefusedException("this site was started without its certificate's key, so it cannot take part in secure aggregation");
        return _sites[jobId] = k.CreateSecureSite(site, job.ClientDp);
    }
}
