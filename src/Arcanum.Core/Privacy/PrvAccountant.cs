namespace Arcanum.Core.Privacy;

/// <summary>
/// The privacy bill of Poisson-sampled Gaussian steps, kept as privacy random variables (Gopi, Lee
/// &amp; Wutschitz 2021) and composed numerically: Opacus' default accountant. Tighter than RDP (5-15 %
/// smaller ε on the Opacus test vectors), and what it reports is an upper bound: the true ε is at
/// most <see cref="GetEpsilon"/> when δ_error and ε_error are the only approximations. Steps may
/// differ in σ and q. Each query recomputes the composition (tens to hundreds of milliseconds), so
/// ask once per round, not once per batch. Not thread-safe.
/// </summary>
public sealed class PrvAccountant : IPrivacyAccountant
{
    /// <summary>Opacus' default ε error.</summary>
    public const double DefaultEpsilonError = 0.01;

    /// <summary>Opacus' default δ error, as a fraction of δ.</summary>
    public const double DefaultRelativeDeltaError = 1e-3;

    private readonly StepHistory _history = new();

    /// <summary>
    /// An accountant whose answers overshoot the exact ε by at most about <paramref name="epsilonError"/>
    /// and are valid for δ − <paramref name="relativeDeltaError"/>·δ.
    /// </summary>
    public PrvAccountant(double epsilonError = DefaultEpsilonError,
        double relativeDeltaError = DefaultRelativeDeltaError)
    {
        CheckErrors(epsilonError, relativeDeltaError);
        EpsilonError = epsilonError;
        RelativeDeltaError = relativeDeltaError;
    }

    /// <inheritdoc/>
    public string Name => PrivacyAccountants.Prv;

    /// <summary>The ε error allowed in every answer.</summary>
    public double EpsilonError { get; }

    /// <summary>δ_error as a fraction of the δ asked for.</summary>
    public double RelativeDeltaError { get; }

    /// <inheritdoc/>
    public long Steps => _history.Steps;

    /// <inheritdoc/>
    public void Step(double noiseMultiplier, double sampleRate, int steps = 1)
    {
        _history.Add(noiseMultiplier, sampleRate, steps);
    }

    /// <summary>The upper bound on ε of everything recorded so far at <paramref name="delta"/>; 0 before any
    /// step.</summary>
    public double GetEpsilon(double delta)
    {
        PrivacyGuard.Delta(delta);
        return PrvComposition.UpperEpsilon(History(), delta, EpsilonError, RelativeDeltaError * delta);
    }

    /// <inheritdoc/>
    public bool WouldExceed(double targetEpsilon, double delta, double noiseMultiplier, double sampleRate,
        int extraSteps = 1)
    {
        PrivacyGuard.TargetEpsilon(targetEpsilon);
        PrivacyGuard.Delta(delta);
        PrivacyGuard.NoiseMultiplier(noiseMultiplier);
        PrivacyGuard.SampleRate(sampleRate);
        PrivacyGuard.Steps(extraSteps);
        var history = History();
        history.Add((noiseMultiplier, sampleRate, extraSteps));
        return !(PrvComposition.UpperEpsilon(history, delta, EpsilonError,
            RelativeDeltaError * delta) <= targetEpsilon);
    }

    /// <summary>Upper bound on ε of <paramref name="steps"/> identical steps, with Opacus' default errors unless
    /// given.</summary>
    public static double ComputeEpsilon(
        double noiseMultiplier, double sampleRate, long steps, double delta,
        double epsilonError = DefaultEpsilonError, double relativeDeltaError = DefaultRelativeDeltaError)
    {
        PrivacyGuard.NoiseMultiplier(noiseMultiplier);
        PrivacyGuard.SampleRate(sampleRate);
        PrivacyGuard.Steps(steps);
        PrivacyGuard.Delta(delta);
        CheckErrors(epsilonError, relativeDeltaError);
        return PrvComposition.UpperEpsilon([(noiseMultiplier, sampleRate, steps)], delta, epsilonError,
            relativeDeltaError * delta);
    }

    /// <summary>
    /// The noise multiplier Opacus' <c>get_noise_multiplier(accountant="prv")</c> returns: bisection until
    /// ε is within <paramref name="epsilonTolerance"/> below the target (see <see cref="NoiseCalibration"/>).
    /// For ε = 1, δ = 1e-5, q = 0.004, 3,750 steps that is σ = 1.171875.
    /// </summary>
    public static double NoiseForEpsilon(
        double targetEpsilon, double delta, double sampleRate, long steps,
            double epsilonTolerance = NoiseCalibration.DefaultEpsilonTolerance)
    {
        PrivacyGuard.TargetEpsilon(targetEpsilon);
        PrivacyGuard.Delta(delta);
        PrivacyGuard.SampleRate(sampleRate);
        PrivacyGuard.Steps(steps);
        if (sampleRate == 0 || steps == 0)
            throw new ArgumentException(
                $"{steps} steps at sampling rate {sampleRate} touch no data and spend no privacy; there is no noise " +
                    $"multiplier to calibrate.");
        return NoiseCalibration.Bisect(sigma => ComputeEpsilon(sigma, sampleRate, steps, delta), targetEpsilon,
            epsilonTolerance);
    }

    private List<(double Sigma, double Q, long Steps)> History() =>
        [.. _history.Entries];

    private static void CheckErrors(double epsilonError, double relativeDeltaError)
    {
        if (!(epsilonError > 0) || double.IsInfinity(epsilonError))
            throw new ArgumentOutOfRangeException(nameof(epsilonError), $"The ε error must be a positive finite " +
                $"number; got {epsilonError}.");
        if (!(relativeDeltaError > 0 && relativeDeltaError < 1))
            throw new ArgumentOutOfRangeException(nameof(relativeDeltaError),
                $"The δ error is a fraction of δ and must be in (0, 1); got {relativeDeltaError}.");
    }
}
