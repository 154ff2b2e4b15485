namespace Arcanum.Federated.Statistics;

/// <summary>How a site adds differential-privacy noise to what it releases.</summary>
public enum NoiseMechanism
{
    /// <summary>Laplace noise scaled to each measurement's L1 sensitivity: pure ε-DP, δ = 0.</summary>
    Laplace,

    /// <summary>
    /// Gaussian noise scaled to each measurement's L2 sensitivity and calibrated by the RDP accountant:
    /// (ε, δ)-DP, cheaper than Laplace when many measurements are released at once.
    /// </summary>
    Gaussian,
}
