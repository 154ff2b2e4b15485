namespace Arcanum.Federated.Algorithms;

/// <summary>A federated algorithm as users name it, and how to make its server and site halves.</summary>
/// <param name="Name">The lower-case name users type (job key "algorithm", --algorithm).</param>
/// <param name="Summary">One line for help texts: what it does, and the paper.</param>
/// <param name="DefaultServerLearningRate">Its server learning rate when the job sets none (1 where unused).</param>
/// <param name="Server">A fresh server strategy from validated options.</param>
/// <param name="Client">A fresh site strategy (one per site).</param>
/// <param name="SecureAggregation">Whether its server needs only the mean of the sites' updates, so it can run with secure aggregation.</param>
public sealed record Algorithm(
    string Name, string Summary, double DefaultServerLearningRate, Func<AlgorithmOptions, IServerStrategy> Server, Func<IClientStrategy> Client,
    bool SecureAggregation = true);
