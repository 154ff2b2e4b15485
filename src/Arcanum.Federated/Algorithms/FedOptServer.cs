using System.Numerics.Tensors;
using Arcanum.Core.Weights;
using Arcanum.Federated.Aggregation;

namespace Arcanum.Federated.Algorithms;

/// <summary>
/// FedAdagrad, FedAdam and FedYogi (Reddi et al. 2021, "Adaptive Federated Optimization",
/// Algorithm 2, without bias correction). With the pseudo-gradient Δ = Σ n_k (w_k − x) / Σ n_k:
/// m = β1·m + (1 − β1)·Δ; v as per <see cref="FedOptVariant"/>; x = x + η·m / (√v + τ).
/// </summary>
/// <remarks>
/// m starts at 0 and v at τ², as the paper's Algorithm 2 requires (v₋₁ ≥ τ²); Flower starts v at 0.
/// The difference is at most τ in √v, negligible next to the τ in the denominator.
/// </remarks>
internal sealed class FedOptServer(FedOptVariant variant, float eta, float beta1, float beta2, float tau) : IServerStrategy
{
    private const string MomentPrefix = "m/";

    public static FedOptServer Create(FedOptVariant variant, AlgorithmOptions o) =>
        new(variant, (float)o.EffectiveServerLearningRate, (float)o.Beta1, (float)o.Beta2, (float)o.Tau);

    private const string VariancePrefix = "v/";
    private ModelWeights? _m;
    private ModelWeights? _v;

    public string Name => variant switch
    {
        FedOptVariant.Adagrad => "fedadagrad",
        FedOptVariant.Adam => "fedadam",
        _ => "fedyogi",
    };

    public RoundTask CreateTask(int round, ModelWeights global)
    {
        ArgumentNullException.ThrowIfNull(global);
        return new RoundTask(round, global, ProximalMu: 0, ServerControl: null);
    }

    public IRoundAggregation BeginRound(int round, ModelWeights global, int totalSites)
    {
        ArgumentNullException.ThrowIfNull(global);
        EnsureState(global);
        return new MeanAggregation(round, global, totalSites, averageDifference: true, complete: delta => Step(global, delta));
    }

    public ModelWeights ExportState() => StatePacking.Pack((MomentPrefix, _m), (VariancePrefix, _v));

    public void ImportState(ModelWeights state)
    {
        var parts = StatePacking.Unpack(state, Name, MomentPrefix, VariancePrefix);
        (_m, _v) = parts is null ? (null, null) : (parts[0], parts[1]);
    }

    private void EnsureState(ModelWeights global)
    {
        if (_m is null || _v is null)
        {
            _m = global.ZerosLike();
            _v = global.ZerosLike();
            foreach (var a in _v.Arrays) a.Data.AsSpan().Fill(tau * tau);
            return;
        }
        WeightMath.EnsureSameLayout(global, _m, $"{Name} server state");
    }

    /// <summary>Updates m and v and turns the Δ buffer into the new global weights.</summary>
    private ModelWeights Step(ModelWeights x, ModelWeights delta)
    {
        for (var i = 0; i < delta.Count; i++)
        {
            var d = delta.Arrays[i].Data;
            var m = _m!.Arrays[i].Data;
            var v = _v!.Arrays[i].Data;
            ServerOptimizerMath.FirstMoment(m, d, beta1);
            TensorPrimitives.Multiply(d, d, d); // Δ is not needed past this point; reuse it for Δ².
            switch (variant)
            {
                case FedOptVariant.Adagrad: ServerOptimizerMath.AdagradSecondMoment(v, d); break;
                case FedOptVariant.Adam: ServerOptimizerMath.AdamSecondMoment(v, d, beta2); break;
                default: ServerOptimizerMath.YogiSecondMoment(v, d, beta2); break;
            }
            ServerOptimizerMath.AdaptiveStep(d, x.Arrays[i].Data, m, v, eta, tau);
        }
        return delta;
    }
}
