using Arcanum.Core.Weights;

namespace Arcanum.Federated.Engine;

/// <summary>What one completed round produced.</summary>
/// <param name="Round">The round.</param>
/// <param name="Global">The new global weights.</param>
/// <param name="Selected">The sites that were asked to train.</param>
/// <param name="Answers">Every answer taken, training and evaluation, by site.</param>
/// <param name="Outcomes">How each site's task ended, by site.</param>
/// <param name="Attempt">Which attempt completed the round (1 unless too few sites answered before).</param>
public sealed record RoundReport(
    int Round,
    ModelWeights Global,
    IReadOnlyList<string> Selected,
    IReadOnlyDictionary<string, SiteAnswer> Answers,
    IReadOnlyDictionary<string, TaskOutcome> Outcomes,
    int Attempt)
{
    /// <summary>Under secure aggregation: who is in the mean, their total samples, and the quantisation's bound on the mean; null otherwise.</summary>
    public SecureAggregate? Secure { get; init; }

    /// <summary>Under client-level DP: ε spent by the job after this round (every site's data as a whole), else null.</summary>
    public double? ClientEpsilon { get; init; }

    /// <summary>Under client-level DP: how many sites' changes were longer than the clip norm and were scaled down.</summary>
    public int? ClientClipped { get; init; }

    /// <summary>
    /// Under client-level DP: the noise multiplier the round's sum really carried (the job's σ, or under secure
    /// aggregation σ·√(contributed/asked), lower when sites dropped), as the accountant recorded it.
    /// </summary>
    public double? ClientNoiseMultiplier { get; init; }

    /// <summary>Under client-level DP: the clip norm the next round uses (it moves under adaptive clipping).</summary>
    public double? ClientClipNorm { get; init; }

    /// <summary>Whether <paramref name="site"/>'s update is in the new weights.</summary>
    public bool Contributed(string site) =>
        Secure is { } s ? s.Contributors.Contains(site, StringComparer.Ordinal) : Answers.TryGetValue(site, out var a) && a.Trained is not null;

    /// <summary>The answers that carried training results, by site.</summary>
    public IEnumerable<KeyValuePair<string, SiteAnswer>> Trained => Answers.Where(a => a.Value.Trained is not null);

    /// <summary>Training samples behind the new weights.</summary>
    public long Samples => Secure?.Samples ?? Trained.Sum(a => a.Value.Trained!.SampleCount);

    /// <summary>Sample-weighted mean training loss of the sites that reported one, or null when none did (nobody trained, or DP).</summary>
    public double? MeanLoss
    {
        get
        {
            // Under secure aggregation a site's sample count is not known, so its loss weighs equally.
            var withLoss = Answers.Values.Where(a => a.TrainLoss is not null && (a.Trained is not null || a.Secure is not null)).ToList();
            var n = withLoss.Sum(a => a.Trained?.SampleCount ?? 1);
            return n > 0 ? withLoss.Sum(a => a.TrainLoss!.Value * (a.Trained?.SampleCount ?? 1)) / n : null;
        }
    }
}
