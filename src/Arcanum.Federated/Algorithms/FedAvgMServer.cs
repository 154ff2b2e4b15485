using System.Numerics.Tensors;
using Arcanum.Core.Weights;
using Arcanum.Federated.Aggregation;

namespace Arcanum.Federated.Algorithms;

/// <summary>
/// FedAvgM (Hsu, Qi and Brown 2019, "Measuring the Effects of Non-Identical Data Distribution for
/// Federated Visual Classification"): server momentum on the pseudo-gradient
/// Δ = Σ n_k (w_k − x) / Σ n_k: m = β·m + Δ; x = x + η·m. With β = 0 and η = 1 it is FedAvg.
/// </summary>
internal sealed class FedAvgMServer(float eta, float momentum) : IServerStrategy
{
    private const string MomentumPrefix = "momentum/";
    private ModelWeights? _m;

    public string Name => "fedavgm";

    public RoundTask CreateTask(int round, ModelWeights global)
    {
        ArgumentNullException.ThrowIfNull(global);
        return new RoundTask(round, global, ProximalMu: 0, ServerControl: null);
    }

    public IRoundAggregation BeginRound(int round, ModelWeights global, int totalSites)
    {
        ArgumentNullException.ThrowIfNull(global);
        if (_m is null) _m = global.ZerosLike();
        else WeightMath.EnsureSameLayout(global, _m, "fedavgm server state");
        return new MeanAggregation(round, global, totalSites, averageDifference: true, complete: delta => Step(global, delta));
    }

    public ModelWeights ExportState() => StatePacking.Pack((MomentumPrefix, _m));

    public void ImportState(ModelWeights state) => _m = StatePacking.Unpack(state, Name, MomentumPrefix)?[0];

    private ModelWeights Step(ModelWeights x, ModelWeights delta)
    {
        for (var i = 0; i < delta.Count; i++)
        {
            var d = delta.Arrays[i].Data;
            var m = _m!.Arrays[i].Data;
            ServerOptimizerMath.Momentum(m, d, momentum);
            TensorPrimitives.MultiplyAdd(m, eta, x.Arrays[i].Data, d);
        }
        return delta;
    }
}
