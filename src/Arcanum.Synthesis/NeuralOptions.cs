namespace Arcanum.Synthesis;

/// <summary>Training settings shared by CTGAN and TVAE; defaults are the papers' (300 epochs, batch 500).</summary>
public sealed record NeuralOptions
{
    public int Epochs { get; init; } = 300;

    public int BatchSize { get; init; } = 500;

    public int Seed { get; init; }

    /// <summary>"cpu", "cuda" or "cuda:N".</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Train with DP-SGD to this budget; null trains without differential privacy.</summary>
    public DifferentialPrivacy? Privacy { get; init; }

    /// <exception cref="SynthesisException">A setting out of range.</exception>
    public void Validate()
    {
        if (Epochs < 1) throw new SynthesisException($"Epochs must be at least 1, not {Epochs}.");
        if (BatchSize < 2) throw new SynthesisException($"The batch size must be at least 2, not {BatchSize}.");
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
