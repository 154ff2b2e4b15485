namespace Arcanum.Federated.Algorithms;

/// <summary>Creates the server and site halves of the algorithm that <see cref="AlgorithmOptions"/> names.</summary>
public static class AlgorithmFactory
{
    /// <summary>A new server strategy with fresh state (validates <paramref name="options"/>).</summary>
    public static IServerStrategy CreateServer(AlgorithmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var eta = (float)options.EffectiveServerLearningRate;
        var (beta1, beta2, tau) = ((float)options.Beta1, (float)options.Beta2, (float)options.Tau);
        return options.Kind switch
        {
            AlgorithmKind.FedAvg => new FedAvgServer("fedavg", proximalMu: 0),
            AlgorithmKind.FedProx => new FedAvgServer("fedprox", options.ProximalMu),
            AlgorithmKind.FedAdam => new FedOptServer(FedOptVariant.Adam, eta, beta1, beta2, tau),
            AlgorithmKind.FedYogi => new FedOptServer(FedOptVariant.Yogi, eta, beta1, beta2, tau),
            AlgorithmKind.FedAdagrad => new FedOptServer(FedOptVariant.Adagrad, eta, beta1, beta2, tau),
            AlgorithmKind.FedAvgM => new FedAvgMServer(eta, (float)options.ServerMomentum),
            AlgorithmKind.Scaffold => new ScaffoldServer(eta),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Kind, "Unknown algorithm kind."),
        };
    }

    /// <summary>A new site strategy with fresh state; one per site (validates <paramref name="options"/>).</summary>
    public static IClientStrategy CreateClient(AlgorithmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options.Kind == AlgorithmKind.Scaffold ? new ScaffoldClient() : new FedAvgClient();
    }
}
