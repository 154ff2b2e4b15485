namespace Arcanum.Federated.Algorithms;

/// <summary>
/// Which federated algorithm to run and its server-side hyper-parameters. Settings that the chosen
/// algorithm does not use are ignored (but still validated, so a typo never hides).
/// </summary>
public sealed record AlgorithmOptions
{
    /// <summary>The algorithm's name in <see cref="AlgorithmRegistry"/>, e.g. "fedadam".</summary>
    public string Algorithm { get; init; } = "fedavg";

    /// <summary>
    /// FedProx proximal strength μ: each site adds (μ/2)·‖w − global‖² to its loss. 0.01 is the
    /// value NVFlare's CIFAR-10 benchmark uses and sits inside the paper's grid {0.001, 0.01, 0.1, 1}.
    /// </summary>
    public double ProximalMu { get; init; } = 0.01;

    /// <summary>
    /// Server learning rate η (FedAdam, FedYogi, FedAdagrad, FedAvgM, SCAFFOLD), or null for the
    /// algorithm's default: 1.0 for FedAvgM and SCAFFOLD (a plain averaging step), 0.1 for the
    /// adaptive optimizers (Flower's default). FedAvg and FedProx have no server learning rate.
    /// </summary>
    public double? ServerLearningRate { get; init; }

    /// <summary>FedAvgM server momentum β (Hsu et al. 2019 use 0.9).</summary>
    public double ServerMomentum { get; init; } = 0.9;

    /// <summary>First-moment decay β1 of FedAdam, FedYogi and FedAdagrad.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Second-moment decay β2 of FedAdam and FedYogi.</summary>
    public double Beta2 { get; init; } = 0.99;

    /// <summary>
    /// Adaptivity τ of the FedOpt family: the step is η·m/(√v + τ), so a larger τ means a less
    /// adaptive, more SGD-like step. 1e-3 is the paper's usual best value.
    /// </summary>
    public double Tau { get; init; } = 1e-3;

    /// <summary>The server learning rate in effect: <see cref="ServerLearningRate"/> or the algorithm's default.</summary>
    public double EffectiveServerLearningRate => ServerLearningRate ?? DefaultServerLearningRate;

    /// <summary>The algorithm's default server learning rate (1.0 where it is unused, and for an unknown name).</summary>
    private double DefaultServerLearningRate =>
        AlgorithmRegistry.TryFind(Algorithm, out var a) ? a.DefaultServerLearningRate : 1.0;

    /// <summary>Throws an <see cref="ArgumentException"/> that says what to change if a setting is out of range.</summary>
    public void Validate()
    {
        AlgorithmRegistry.Find(Algorithm);
        if (!(ProximalMu >= 0) || double.IsInfinity(ProximalMu))
            throw new ArgumentException($"The FedProx proximal strength mu must be a finite number >= 0; got {ProximalMu}. Use 0 to switch the proximal term off.");
        if (ServerLearningRate is { } eta && (!(eta > 0) || double.IsInfinity(eta)))
            throw new ArgumentException($"The server learning rate must be a positive number; got {eta}. Leave it unset to use the algorithm's default ({DefaultServerLearningRate}).");
        if (!(ServerMomentum is >= 0 and < 1))
            throw new ArgumentException($"The server momentum must be in [0, 1); got {ServerMomentum}.");
        if (!(Beta1 is >= 0 and < 1))
            throw new ArgumentException($"Beta1 (first-moment decay) must be in [0, 1); got {Beta1}.");
        if (!(Beta2 is >= 0 and < 1))
            throw new ArgumentException($"Beta2 (second-moment decay) must be in [0, 1); got {Beta2}.");
        if (!(Tau > 0) || double.IsInfinity(Tau))
            throw new ArgumentException($"Tau (adaptivity) must be a positive number; got {Tau}. Typical values are 1e-3 to 1e-1.");
    }
}
