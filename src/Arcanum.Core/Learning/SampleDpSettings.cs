namespace Arcanum.Core.Learning;

/// <summary>
/// What one local training run needs to be DP-SGD: the noise multiplier σ (noise standard deviation
/// σ·<paramref name="Clip"/> on the summed clipped gradients) and the clipping norm. Set on
/// <see cref="TrainingOptions.SampleDp"/>; <see cref="SampleDpPlan.Settings"/> gives the calibrated one.
/// </summary>
public sealed record SampleDpSettings(double NoiseMultiplier, double Clip)
{
    /// <summary>Refuses σ = 0 too: noise-free clipping would be reported as private and is not.</summary>
    public void Validate()
    {
        if (!(NoiseMultiplier > 0) || double.IsInfinity(NoiseMultiplier))
            throw new ArgumentException(
                $"The DP noise multiplier must be a positive finite number; got {NoiseMultiplier}. " +
                "Without noise there is no differential privacy.");
        if (!(Clip > 0) || double.IsInfinity(Clip))
            throw new ArgumentException($"The DP clipping norm must be a positive finite number; got {Clip}.");
    }
}
