namespace Arcanum.Core.Learning;

/// <summary>
/// Random changes applied to each training batch of images (and the same geometric change to their
/// masks), drawn from the training run's seed: horizontal flips with probability
/// <see cref="FlipProbability"/>, rotations uniform in ±<see cref="MaxRotationDegrees"/>, and
/// intensity scaled by a factor uniform in 1 ± <see cref="IntensityJitter"/>. Never applied when
/// evaluating.
/// </summary>
public sealed record ImageAugmentation(double FlipProbability = 0.5, double MaxRotationDegrees = 10, double IntensityJitter = 0.1)
{
    /// <summary>Flips, ±10° and ±10% intensity: small enough that anatomy stays plausible.</summary>
    public static ImageAugmentation Default { get; } = new();

    public void Validate()
    {
        if (!(FlipProbability is >= 0 and <= 1)) throw new ArgumentException($"The flip probability must be in [0, 1]; got {FlipProbability}.");
        if (!(MaxRotationDegrees is >= 0 and <= 180)) throw new ArgumentException($"The largest rotation must be in [0, 180] degrees; got {MaxRotationDegrees}.");
        if (!(IntensityJitter is >= 0 and < 1)) throw new ArgumentException($"The intensity jitter must be in [0, 1); got {IntensityJitter}.");
    }
}
