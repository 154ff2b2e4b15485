namespace Arcanum.Core.Privacy;

/// <summary>
/// What an accountant composes: how many steps were taken at each (noise multiplier, sampling rate),
/// checked as they are recorded. Both accountants keep one; only how they turn it into ε differs.
/// </summary>
internal sealed class StepHistory
{
    private readonly Dictionary<(double Sigma, double Q), long> _steps = [];

    /// <summary>Steps recorded so far, of every (σ, q).</summary>
    public long Steps { get; private set; }

    /// <summary>The distinct (σ, q) and their step counts.</summary>
    public IEnumerable<(double Sigma, double Q, long Steps)> Entries => _steps.Select(e => (e.Key.Sigma, e.Key.Q, e.Value));

    public void Add(double noiseMultiplier, double sampleRate, int steps)
    {
        PrivacyGuard.NoiseMultiplier(noiseMultiplier);
        PrivacyGuard.SampleRate(sampleRate);
        PrivacyGuard.Steps(steps);
        if (steps == 0) return;
        var key = (noiseMultiplier, sampleRate);
        _steps[key] = checked(_steps.GetValueOrDefault(key) + steps);
        Steps = checked(Steps + steps);
    }
}
