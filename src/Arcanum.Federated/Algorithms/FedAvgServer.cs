using Arcanum.Core.Weights;

namespace Arcanum.Federated.Algorithms;

/// <summary>
/// FedAvg (McMahan et al. 2017, "Communication-Efficient Learning of Deep Networks from
/// Decentralized Data"): the new global weights are the sample-weighted mean Σ n_k·w_k / Σ n_k of
/// the weights the sites returned. Also the server of FedProx (Li et al. 2020, "Federated
/// Optimization in Heterogeneous Networks"), whose only server-side difference is sending μ.
/// Stateless.
/// </summary>
internal sealed class FedAvgServer(string name, double proximalMu) : IServerStrategy
{
    public string Name { get; } = name;

    public RoundTask CreateTask(int round, ModelWeights global)
    {
        ArgumentNullException.ThrowIfNull(global);
        return new RoundTask(round, global, proximalMu, ServerControl: null);
    }

    public IRoundAggregation BeginRound(int round, ModelWeights global, int totalSites) =>
        new MeanAggregation(round, global, totalSites, averageDifference: false, complete: mean => mean);

    public ModelWeights ExportState() => StatePacking.Empty;

    public void ImportState(ModelWeights state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Count != 0)
            throw new ArgumentException($"{Name} keeps no server state, but the state to import has {state.Count} arrays. Was it exported by another algorithm?");
    }
}
