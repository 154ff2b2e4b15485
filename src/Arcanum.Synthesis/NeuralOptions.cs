namespace Arcanum.Synthesis;

/// <summary>
/// Training settings shared by CTGAN and TVAE. Epochs default to the papers' 300, except that CTGAN without DP trains
/// for <see cref="MinimumCtganSteps"/> steps where 300 epochs fall short, up to 600 epochs (480-600 on tables under about 3,000 rows). The batch size
/// adapts to the table when not given: TVAE and DP-SGD take the papers' 500; CTGAN without DP takes about a fifth of
/// the rows (between 50 and 500), so an epoch of a small table is several steps rather than one (300 steps left
/// CTGAN undertrained and unstable on tables of a few hundred rows). CTGAN keeps its last generator unless
/// <see cref="ValidationShare"/> asks it to choose.
/// </summary>
public sealed record NeuralOptions
{
    /// <summary>The papers' batch size: TVAE's and DP-SGD's expected batch when none is given.</summary>
    public const int DefaultBatchSize = 500;

    /// <summary>The papers' epochs: TVAE's and DP fits' default, and CTGAN's least.</summary>
    public const int DefaultEpochs = 300;

    /// <summary>
    /// CTGAN without DP trains at least this many steps when no epochs are given: at the paper's 300 epochs, tables of a few
    /// thousand rows got 1,200 steps and Rotterdam stayed at 0.86x TRTR over three seeds; 2,400 steps cleared 0.9x on two
    /// seed sets, with Pima and Wisconsin still above 0.9x (RESULTS o.3, o.4).
    /// </summary>
    public const int MinimumCtganSteps = 2400;

    /// <summary>The most epochs that rule gives: twice the paper's, the most measured (RESULTS o.3, o.4); tiny tables stop here, short of the steps.</summary>
    public const int MaximumCtganEpochs = 600;

    /// <summary>Training epochs; null takes the model's default (see the type).</summary>
    public int? Epochs { get; init; }

    /// <summary>Rows per step (with DP, the expected Poisson batch); null adapts it to the table (see the type).</summary>
    public int? BatchSize { get; init; }

    /// <summary>
    /// CTGAN without DP: the share of the training rows held out of the GAN's training to choose the generator
    /// snapshot (by marginal and pairwise fidelity to them, in the second half of training); 0, the default, keeps the
    /// last generator and trains on every row. Off by default because it lowered utility: over three seeds of Pima,
    /// Wisconsin and Rotterdam, choosing by fidelity with 20% held out gave mean TSTR/TRTR 0.90 / 0.94 / 0.88 against
    /// the last generator's 0.94 / 0.98 / 0.86 on fresh seeds, and 0.79 / 0.93 / 0.76 against 0.92 / 0.93 / 0.87 on the
    /// first three (RESULTS o.3): marginal and pairwise fidelity is a poor proxy for
    /// whether the rows carry the outcome. Ignored with DP (choosing by real rows would spend budget) and on tables
    /// under 100 rows.
    /// </summary>
    public double ValidationShare { get; init; }

    public int Seed { get; init; }

    /// <summary>"cpu", "cuda" or "cuda:N".</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Train with DP-SGD to this budget; null trains without differential privacy.</summary>
    public DifferentialPrivacy? Privacy { get; init; }

    /// <exception cref="SynthesisException">A setting out of range.</exception>
    public void Validate()
    {
        if (Epochs is < 1) throw new SynthesisException($"Epochs must be at least 1, not {Epochs}.");
        if (BatchSize is { } batch && batch < 2) throw new SynthesisException($"The batch size must be at least 2, not {batch}.");
        if (!(ValidationShare >= 0 && ValidationShare <= 0.5))
            throw new SynthesisException($"The validation share must be between 0 and 0.5, not {ValidationShare}.");
        Privacy?.Validate();
    }
}

/// <summary>
/// DP-SGD settings: per-sample gradients clipped to <see cref="MaxGradNorm"/>, Gaussian noise with the
/// multiplier calibrated so that the planned epochs spend exactly <see cref="TargetEpsilon"/> at
/// <see cref="Delta"/> (RDP accountant); training stops early rather than exceed it.
/// </summary>
public sealed record DifferentialPrivacy(double TargetEpsilon, double Delta = 1e-5, double MaxGradNorm = 1.0)
{
    public void Validate()
    {
        if (!(TargetEpsilon > 0) || double.IsInfinity(TargetEpsilon)) throw new SynthesisException($"Epsilon must be a positive number, not {TargetEpsilon}.");
        if (!(Delta > 0 && Delta < 1)) throw new SynthesisException($"Delta must be between 0 and 1, not {Delta}.");
        if (!(MaxGradNorm > 0)) throw new SynthesisException($"The clipping norm must be positive, not {MaxGradNorm}.");
    }
}
