using Arcanum.Core.Privacy;

namespace Arcanum.Federated.Privacy;

/// <summary>
/// Client-level differential privacy for FedAvg (McMahan et al. 2018, "Learning differentially
/// private recurrent language models"; adaptive clipping after Andrew et al. 2021): each site's
/// update is clipped to L2 norm <see cref="ClipNorm"/>, the clipped updates are summed with equal
/// weight and N(0, (σ·C)²) noise is added, so one whole site (hospital) is protected, not one row.
/// Call <see cref="Validate"/> before a job starts: a bad setting must stop the job, never run it
/// with less privacy than the report claims.
/// </summary>
public sealed record ClientDpOptions
{
    /// <summary>σ: the noise standard deviation as a multiple of the clip norm. 0 means no privacy at all.</summary>
    public double NoiseMultiplier { get; init; } = 1.0;

    /// <summary>C: the L2 bound on one site's update over all arrays (the starting value under adaptive
    /// clipping).</summary>
    public double ClipNorm { get; init; } = 1.0;

    /// <summary>Whether C follows a target quantile of the update norms (Andrew et al. 2021).</summary>
    public bool AdaptiveClipping { get; init; }

    /// <summary>γ: the fraction of sites whose update should fit unclipped; 0.5 tracks the median norm.</summary>
    public double TargetUnclippedQuantile { get; init; } = 0.5;

    /// <summary>η: the geometric step of C ← C·exp(−η(b̃ − γ)); Andrew et al. use 0.2.</summary>
    public double ClipLearningRate { get; init; } = 0.2;

    /// <summary>
    /// σ_b: the noise on the count of unclipped sites, needed (and required) under adaptive clipping.
    /// Andrew et al. suggest expected sites per round / 20; it must exceed σ/2, because the count spends
    /// part of the budget and the update noise grows to σ_Δ = (σ⁻² − (2σ_b)⁻²)^(−1/2) to make up for it.
    /// </summary>
    public double? ClippedCountStddev { get; init; }

    /// <summary>δ of the reported (ε, δ) guarantee; well below 1 / number of sites.</summary>
    public double Delta { get; init; } = 1e-5;

    /// <summary>The accountant for the report: "prv" (tighter, Opacus' default) or "rdp".</summary>
    public string Accountant { get; init; } = PrivacyAccountants.Prv;

    /// <summary>Lets σ = 0 through (clipping only, ε = ∞) for experiments that knowingly give up the
    /// guarantee.</summary>
    public bool AllowInfiniteEpsilon { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> that says what to change when a setting is
    /// unusable.</summary>
    public void Validate()
    {
        if (!(NoiseMultiplier >= 0) || double.IsInfinity(NoiseMultiplier))
            throw new ArgumentException($"dp.noise_multiplier must be a finite number ≥ 0; got {NoiseMultiplier}.");
        if (NoiseMultiplier == 0 && !AllowInfiniteEpsilon)
            throw new ArgumentException(
                "dp.noise_multiplier is 0: without noise ε is infinite and the run has no differential privacy. " +
                "Set a noise multiplier (1.0 is a common start), or set allow_infinite_epsilon to run clipping only.");
        if (!(ClipNorm > 0) || double.IsInfinity(ClipNorm))
            throw new ArgumentException($"dp.clip_norm must be a positive finite number; got {ClipNorm}.");
        if (!(Delta > 0 && Delta < 1))
            throw new ArgumentException($"dp.delta must be in (0, 1), and well below 1 / number of sites; got " +
                $"{Delta}.");
        if (Accountant is null || !PrivacyAccountants.Names.Contains(Accountant.Trim().ToLowerInvariant()))
            throw new ArgumentException($"dp.accountant '{Accountant}' is unknown; use one of: " +
                $"{string.Join(", ", PrivacyAccountants.Names)}.");
        if (!AdaptiveClipping) return;

        if (!(TargetUnclippedQuantile > 0 && TargetUnclippedQuantile < 1))
            throw new ArgumentException($"dp.target_unclipped_quantile must be in (0, 1); got " +
                $"{TargetUnclippedQuantile}.");
        if (!(ClipLearningRate > 0) || double.IsInfinity(ClipLearningRate))
            throw new ArgumentException($"dp.clip_learning_rate must be a positive finite number; got " +
                $"{ClipLearningRate}.");
        if (ClippedCountStddev is not { } countStddev || !(countStddev > 0) || double.IsInfinity(countStddev))
            throw new ArgumentException(
                "Adaptive clipping needs dp.clipped_count_stddev > 0: the count of unclipped sites is released too " +
                    "and must be noised. " +
                "Andrew et al. suggest expected sites per round / 20.");
        if (NoiseMultiplier > 0 && !(2 * countStddev > NoiseMultiplier))
            throw new ArgumentException(
                $"dp.clipped_count_stddev = {countStddev} spends the whole budget of σ = {NoiseMultiplier} on the " +
                    $"clipped count " +
                $"(it must exceed σ/2 = {NoiseMultiplier / 2}); raise it, or turn adaptive clipping off.");
    }
}
