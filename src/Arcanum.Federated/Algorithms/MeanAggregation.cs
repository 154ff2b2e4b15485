using Arcanum.Core.Weights;
using Arcanum.Federated.Aggregation;

namespace Arcanum.Federated.Algorithms;

/// <summary>
/// A round that needs only the sample-weighted mean of the site weights (FedAvg) or of their
/// difference to the global weights, the pseudo-gradient Δ (FedOpt family, FedAvgM). The strategy
/// turns that mean into the new global weights in <c>complete</c>, which may reuse its buffer.
/// </summary>
internal sealed class MeanAggregation : IRoundAggregation
{
    private readonly Lock _gate = new();
    private readonly RoundLedger _ledger;
    private readonly ModelWeights _global;
    private readonly bool _averageDifference;
    private readonly WeightedMeanAccumulator _mean;
    private readonly Func<ModelWeights, ModelWeights> _complete;
    private ModelWeights? _secureMeanDifference;

    public MeanAggregation(int round, ModelWeights global, int totalSites, bool averageDifference, Func<ModelWeights, ModelWeights> complete)
    {
        ArgumentNullException.ThrowIfNull(global);
        _ledger = new RoundLedger(round, totalSites, global);
        _global = global;
        _averageDifference = averageDifference;
        _mean = new WeightedMeanAccumulator(global);
        _complete = complete;
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
            if (result.IsUnread)
                _mean.Add(result.Upload!, result.SampleCount, _averageDifference ? _global : null);
            else if (_averageDifference)
                _mean.AddDifference(result.Weights, _global, result.SampleCount);
            else
                _mean.Add(result.Weights, result.SampleCount);
            _ledger.Record(result.Site);
        }
    }

    public void AddMeanDifference(ModelWeights meanDifference, long samples, IReadOnlyList<string> sites)
    {
        lock (_gate)
        {
            _ledger.RecordSecure(meanDifference, samples, sites);
            _secureMeanDifference = meanDifference;
        }
    }

    public ModelWeights Complete()
    {
        lock (_gate)
        {
            _ledger.Close();
            if (_secureMeanDifference is not { } delta) return _complete(_mean.Result());
            // The mean of w_k is x plus the mean of (w_k − x): the same model a plain round gives, within the quantisation bound.
            if (!_averageDifference) WeightMath.AddScaled(delta, _global, 1f);
            return _complete(delta);
        }
    }
}
