namespace Arcanum.Synthesis.Copula;

/// <summary>How <see cref="GaussianCopula.Fit"/> learns the table and how the model draws conditioned rows. The defaults suit tables of any size.</summary>
public sealed record CopulaOptions
{
    /// <summary>
    /// Points of each number's quantile grid: the empirical quantile function at evenly spaced probabilities
    /// from 0 to 1, linear in between. More points follow the real distribution more closely and keep more of it.
    /// </summary>
    public int Quantiles { get; init; } = 1001;

    /// <summary>Seed of the jitter that makes levels, missing flags and tied values continuous; same table and seed, same model.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Sweeps of the correlation fit that re-draw the latents of levels, missing flags, tied and missing
    /// numbers given the rest of their row, so discrete columns keep their full correlation with the others;
    /// 0 keeps the plain jittered latents (as SDV does), which dilutes it.
    /// </summary>
    public int CorrelationSweeps { get; init; } = 10;

    /// <summary>Gibbs sweeps each chain makes before its first row, when a condition constrains two or more latent dimensions.</summary>
    public int BurnIn { get; init; } = 200;

    /// <summary>Gibbs sweeps between two rows of one chain.</summary>
    public int Thin { get; init; } = 5;

    /// <summary>Gibbs chains that take turns giving rows.</summary>
    public int Chains { get; init; } = 16;

    /// <exception cref="SynthesisException">A setting out of range.</exception>
    public void Validate()
    {
        if (Quantiles is < 11 or > 100_001) throw new SynthesisException($"The quantile grid needs between 11 and 100001 points, not {Quantiles}.");
        if (CorrelationSweeps is < 0 or > 1000) throw new SynthesisException($"The correlation sweeps must be between 0 and 1000, not {CorrelationSweeps}.");
        if (BurnIn < 0) throw new SynthesisException($"The Gibbs burn-in cannot be negative ({BurnIn}).");
        if (Thin < 1) throw new SynthesisException($"The Gibbs thinning must be at least 1 sweep, not {Thin}.");
        if (Chains < 1) throw new SynthesisException($"The Gibbs sampler needs at least 1 chain, not {Chains}.");
    }
}
