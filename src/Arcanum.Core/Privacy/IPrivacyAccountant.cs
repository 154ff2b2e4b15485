namespace Arcanum.Core.Privacy;

/// <summary>
/// The privacy bill of a run of Poisson-sampled Gaussian steps (DP-SGD steps, or DP-FedAvg rounds
/// with sites as the sampled units). Lets a job pick its accountant by name ("rdp" or "prv", see
/// <see cref="PrivacyAccountants"/>) without caring which one it holds. Not thread-safe.
/// </summary>
public interface IPrivacyAccountant
{
    /// <summary>The accountant's name in job files and reports: "rdp" or "prv".</summary>
    string Name { get; }

    /// <summary>Steps recorded so far, of every (σ, q).</summary>
    long Steps { get; }

    /// <summary>
    /// Records <paramref name="steps"/> steps that each sampled units with probability
    /// <paramref name="sampleRate"/> and added Gaussian noise of σ = <paramref name="noiseMultiplier"/>
    /// times the clipping norm.
    /// </summary>
    void Step(double noiseMultiplier, double sampleRate, int steps = 1);

    /// <summary>ε of everything recorded so far at <paramref name="delta"/>; 0 before any step.</summary>
    double GetEpsilon(double delta);

    /// <summary>Whether <paramref name="extraSteps"/> more steps at (σ, q) would take ε above the target. Records
    /// nothing.</summary>
    bool WouldExceed(double targetEpsilon, double delta, double noiseMultiplier, double sampleRate, int extraSteps = 1);
}
