using Arcanum.Core.Weights;

namespace Arcanum.Federated.Aggregation;

/// <summary>Takes one piece of a site's array: values [offset, offset + values.Length) of the model's array number <c>array</c>.</summary>
public delegate void WeightPieceAction(int array, int offset, ReadOnlySpan<float> values);

/// <summary>
/// A site's trained weights that have arrived but not been read: the network server's spooled upload. An aggregation that
/// only sums (FedAvg, FedProx, FedOpt, FedAvgM) folds it piece by piece through a small buffer, so the server never holds
/// a whole upload; anything else reads it whole. Valid only while the answer is being taken (the file goes afterwards).
/// </summary>
public interface IWeightUpload
{
    /// <summary>
    /// Calls <paramref name="fold"/> with every piece of every array, the arrays matched to <paramref name="layout"/> by
    /// name (any order). Every value is checked first (names, shapes, finite), so an upload that throws
    /// (<see cref="ArgumentException"/> or <see cref="FormatException"/>) has folded nothing.
    /// </summary>
    void Fold(ModelWeights layout, WeightPieceAction fold);

    /// <summary>The whole weights, checked finite; they may live in a buffer the next upload reuses.</summary>
    ModelWeights ReadAll();
}
