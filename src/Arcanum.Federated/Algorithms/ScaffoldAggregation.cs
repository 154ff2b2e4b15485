using System.Numerics.Tensors;
using Arcanum.Core.Weights;
using Arcanum.Federated.Aggregation;

namespace Arcanum.Federated.Algorithms;

/// <summary>
/// One SCAFFOLD round: sample-weighted means of y_i − x and of Δc_i, both streamed. Completion
/// applies the server update of <see cref="ScaffoldServer"/>.
/// </summary>
internal sealed class ScaffoldAggregation : IRoundAggregation
{
    private readonly Lock _gate = new();
    private readonly RoundLedger _ledger;
    private readonly ModelWeights _global;
    private readonly ModelWeights _control;
    private readonly float _eta;
    private readonly Action<ModelWeights> _commitControl;
    private readonly WeightedMeanAccumulator _weightDelta;
    private readonly WeightedMeanAccumulator _controlDelta;

    public ScaffoldAggregation(int round, ModelWeights global, ModelWeights control, int totalSites, float eta, Action<ModelWeights> commitControl)
    {
        _ledger = new RoundLedger(round, totalSites, global);
        _global = global;
        _control = control;
        _eta = eta;
        _commitControl = commitControl;
        _weightDelta = new WeightedMeanAccumulator(global);
        _controlDelta = new WeightedMeanAccumulator(global);
    }

    public int Count
    {
        get
        {
            lock (_gate) return _ledger.Count;
        }
    }

    public void Add(RoundResult result)
    {
        lock (_gate)
        {
            _ledger.EnsureAcceptable(result);
            var dc = result.ControlDelta
                ?? throw new ArgumentException($"Site '{result.Site}' sent no control variate update; SCAFFOLD sites must run the SCAFFOLD client.", nameof(result));
            WeightMath.EnsureSameLayout(_global, dc, $"control variate update from site '{result.Site}'");
            _weightDelta.AddDifference(result.Weights, _global, result.SampleCount);
            // The same weight as the model update (see ScaffoldServer for why).
            _controlDelta.Add(dc, result.SampleCount);
            _ledger.Record(result.Site);
        }
    }

    public void AddMeanDifference(ModelWeights meanDifference, long samples, IReadOnlyList<string> sites) =>
        throw new NotSupportedException("SCAFFOLD's server needs each site's control-variate update as well as the mean; it does not run with secure aggregation.");

    public ModelWeights Complete()
    {
        lock (_gate)
        {
            _ledger.Close();
            var x = _weightDelta.Result();
            for (var i = 0; i < x.Count; i++)
                TensorPrimitives.MultiplyAdd(x.Arrays[i].Data, _eta, _global.Arrays[i].Data, x.Arrays[i].Data);

            var c = _controlDelta.Result();
            var share = (float)_ledger.Count / _ledger.TotalSites;
            for (var i = 0; i < c.Count; i++)
                TensorPrimitives.MultiplyAdd(c.Arrays[i].Data, share, _control.Arrays[i].Data, c.Arrays[i].Data);
            _commitControl(c);
            return x;
        }
    }
}
