namespace Arcanum.Federated.Algorithms;

/// <summary>The federated algorithms Arcanum runs. CLI names are in <see cref="AlgorithmKindNames"/>.</summary>
public enum AlgorithmKind
{
    /// <summary>Sample-weighted model averaging (McMahan et al. 2017).</summary>
    FedAvg,

    /// <summary>FedAvg with a proximal term in the local loss (Li et al. 2020).</summary>
    FedProx,

    /// <summary>Adaptive server optimizer, Adam form (Reddi et al. 2021).</summary>
    FedAdam,

    /// <summary>Adaptive server optimizer, Yogi form (Reddi et al. 2021).</summary>
    FedYogi,

    /// <summary>Adaptive server optimizer, Adagrad form (Reddi et al. 2021).</summary>
    FedAdagrad,

    /// <summary>FedAvg with server momentum (Hsu et al. 2019).</summary>
    FedAvgM,

    /// <summary>Control variates against client drift (Karimireddy et al. 2020).</summary>
    Scaffold,
}
