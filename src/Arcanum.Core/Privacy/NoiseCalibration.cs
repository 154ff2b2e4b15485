namespace Arcanum.Core.Privacy;

/// <summary>
/// Finds the noise multiplier for a target ε the way Opacus' <c>get_noise_multiplier</c> does, so
/// calibrated σ values match Opacus digit for digit: double σ from 10 until ε(σ) ≤ target, then
/// bisect from 0 until ε(σ_high) is within <c>tolerance</c> below the target, and return σ_high.
/// The returned σ always meets the target.
/// </summary>
public static class NoiseCalibration
{
    /// <summary>Opacus' default ε tolerance.</summary>
    public const double DefaultEpsilonTolerance = 0.01;

    // σ beyond 1e6 hides any gradient; a target still unmet there cannot be met (Opacus' MAX_SIGMA).
    private const double MaxNoiseMultiplier = 1e6;

    /// <summary>
    /// The σ found by bisection on <paramref name="epsilonAt"/> (ε as a non-increasing function of σ).
    /// Throws when even σ = 1e6 does not reach the target.
    /// </summary>
    public static double Bisect(Func<double, double> epsilonAt, double targetEpsilon,
        double epsilonTolerance = DefaultEpsilonTolerance)
    {
        ArgumentNullException.ThrowIfNull(epsilonAt);
        PrivacyGuard.TargetEpsilon(targetEpsilon);
        if (!(epsilonTolerance > 0 && epsilonTolerance < targetEpsilon))
            throw new ArgumentOutOfRangeException(nameof(epsilonTolerance), $"The ε tolerance must be in (0, target " +
                $"ε); got {epsilonTolerance}.");

        double low = 0, high = 10, epsilonHigh = double.PositiveInfinity;
        while (epsilonHigh > targetEpsilon)
        {
            high *= 2;
            if (high > MaxNoiseMultiplier)
                throw new ArgumentException(
                    $"ε = {targetEpsilon} cannot be reached even with σ = {MaxNoiseMultiplier:G}; " +
                    $"the accountant's own slack is larger (last ε = {epsilonHigh:G4}). Allow a larger ε or δ.");
            epsilonHigh = epsilonAt(high);
        }
        // The second condition only stops a search on an ε(σ) that jumps past the tolerance band.
        while (targetEpsilon - epsilonHigh > epsilonTolerance && high - low > 1e-12 * high)
        {
            var mid = 0.5 * (low + high);
            var epsilon = epsilonAt(mid);
            if (epsilon < targetEpsilon)
            {
                high = mid;
                epsilonHigh = epsilon;
            }
            else
            {
                low = mid;
            }
        }
        return high;
    }
}
