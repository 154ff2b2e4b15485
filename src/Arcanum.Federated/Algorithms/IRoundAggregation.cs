using Arcanum.Core.Weights;

namespace Arcanum.Federated.Algorithms;

/// <summary>
/// One round's aggregation. Results are folded into running sums as they arrive and are not kept,
/// so memory does not grow with the number of sites. <see cref="Add"/> may be called from several
/// threads; a site that reports twice is rejected.
/// </summary>
public interface IRoundAggregation
{
    /// <summary>Folds one site's result in; throws for a duplicate site or mismatched arrays.</summary>
    void Add(RoundResult result);

    /// <summary>
    /// Under secure aggregation the server never sees a site's result, only the sample-weighted mean of
    /// the sites' changes to the global weights (w_k − x); this takes that mean in place of every
    /// <see cref="Add"/>. Algorithms whose server needs more than the mean (SCAFFOLD) throw.
    /// </summary>
    void AddMeanDifference(ModelWeights meanDifference, long samples, IReadOnlyList<string> sites);

    /// <summary>Results folded in so far.</summary>
    int Count { get; }

    /// <summary>The new global weights; also commits the server state. Callable once.</summary>
    ModelWeights Complete();
}
