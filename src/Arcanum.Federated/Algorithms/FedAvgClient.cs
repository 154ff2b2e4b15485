using Arcanum.Core.Learning;
using Arcanum.Core.Weights;
using Arcanum.Federated.Aggregation;

namespace Arcanum.Federated.Algorithms;

/// <summary>
/// The site half of every algorithm whose differences live on the server (FedAvg, the FedOpt
/// family, FedAvgM) and of FedProx: when the task carries μ &gt; 0 the local loss gets
/// (μ/2)·‖w − global‖² (Li et al. 2020). μ comes from the task, so the server decides it for all
/// sites. Sends back the full trained weights; stateless.
/// </summary>
internal sealed class FedAvgClient : IClientStrategy
{
    public LocalObjective Prepare(RoundTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.ProximalMu > 0
            ? new LocalObjective { ProximalMu = task.ProximalMu, ProximalAnchor = task.Global }
            : LocalObjective.Plain;
    }

    public RoundResult Complete(RoundTask task, LocalTrainingResult trained, double learningRate, string site)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(trained);
        WeightMath.EnsureSameLayout(task.Global, trained.Weights, "trained weights");
        return new RoundResult(site, trained.Samples, trained.Weights, ControlDelta: null, trained.Steps);
    }

    public ModelWeights ExportState() => StatePacking.Empty;

    public void ImportState(ModelWeights state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Count != 0)
            throw new ArgumentException($"This algorithm keeps no site state, but the state to import has {state.Count} arrays. Was it exported by SCAFFOLD?");
    }
}
