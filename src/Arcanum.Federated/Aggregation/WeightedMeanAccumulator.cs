using System.Numerics.Tensors;
using Arcanum.Core.Weights;

namespace Arcanum.Federated.Aggregation;

/// <summary>
/// A streaming weighted mean over model updates: each update is folded into one float32 running
/// sum as it arrives (sum += w·x, in place), so memory stays at one model's worth however many
/// sites report and no update has to be kept. <see cref="Result"/> divides by the total weight in
/// place and hands the buffer over; the accumulator is then spent.
/// </summary>
/// <remarks>
/// Not thread-safe: callers that receive updates concurrently serialise <c>Add</c>.
/// Float addition is not associative, so the result can differ in the last bits with arrival order.
/// </remarks>
public sealed class WeightedMeanAccumulator
{
    private readonly ModelWeights _template;
    private ModelWeights? _sum;
    private bool _completed;

    /// <summary>Creates an accumulator for updates shaped like <paramref name="template"/> (its values are not used).</summary>
    public WeightedMeanAccumulator(ModelWeights template)
    {
        ArgumentNullException.ThrowIfNull(template);
        _template = template;
    }

    /// <summary>
    /// The running sum, made at the first update: a round that never adds one (under secure aggregation the server gets the mean
    /// whole) allocates no model for it. Not zeroed: the first update is written rather than added, which saves a pass over
    /// memory that, freshly allocated, is the slowest part of a round.
    /// </summary>
    private ModelWeights Sum => _sum ??= new ModelWeights(_template.Arrays.Select(a =>
        new NamedArray(a.Name, (int[])a.Shape.Clone(), GC.AllocateUninitializedArray<float>(a.Length))));

    /// <summary>Updates added so far.</summary>
    public int Count { get; private set; }

    /// <summary>Sum of the weights added so far.</summary>
    public double TotalWeight { get; private set; }

    /// <summary>Folds <paramref name="weight"/> · <paramref name="update"/> into the running sum.</summary>
    public void Add(ModelWeights update, double weight)
    {
        EnsureAcceptable(update, weight, "update");
        var w = (float)weight;
        for (var i = 0; i < Sum.Count; i++)
        {
            var acc = Sum.Arrays[i].Data;
            if (Count == 0) TensorPrimitives.Multiply(update.Arrays[i].Data, w, acc);
            else TensorPrimitives.MultiplyAdd(update.Arrays[i].Data, w, acc, acc);
        }
        Record(weight);
    }

    /// <summary>
    /// Folds <paramref name="weight"/> · (<paramref name="update"/> − <paramref name="reference"/>)
    /// into the running sum in one pass, so the result is the weighted mean difference. Summing
    /// differences rather than subtracting the reference from the mean keeps the precision of small
    /// updates to large weights.
    /// </summary>
    public void AddDifference(ModelWeights update, ModelWeights reference, double weight)
    {
        EnsureAcceptable(update, weight, "update");
        WeightMath.EnsureSameLayout(_template, reference, "reference");
        var w = (float)weight;
        for (var i = 0; i < Sum.Count; i++)
        {
            var acc = Sum.Arrays[i].Data;
            if (Count == 0) WeightMath.ScaledDifference(acc, update.Arrays[i].Data, reference.Arrays[i].Data, w);
            else WeightMath.AddScaledDifference(acc, update.Arrays[i].Data, reference.Arrays[i].Data, w);
        }
        Record(weight);
    }

    /// <summary>
    /// Folds <paramref name="weight"/> · <paramref name="update"/> (or, with a <paramref name="reference"/>, · (update −
    /// reference)) into the running sum piece by piece as the upload is read, so the update is never held whole. The
    /// upload checks itself before its first piece, so a bad one leaves the sum unchanged.
    /// </summary>
    public void Add(IWeightUpload update, double weight, ModelWeights? reference = null)
    {
        ArgumentNullException.ThrowIfNull(update);
        EnsureOpen();
        if (!(weight >= 0) || double.IsInfinity(weight))
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "An update's weight must be a finite, non-negative number.");
        if (reference is not null) WeightMath.EnsureSameLayout(_template, reference, "reference");
        var w = (float)weight;
        var first = Count == 0;
        var sum = Sum;
        update.Fold(sum, (array, offset, values) =>
        {
            var acc = sum.Arrays[array].Data.AsSpan(offset, values.Length);
            if (reference is null)
            {
                if (first) TensorPrimitives.Multiply(values, w, acc);
                else TensorPrimitives.MultiplyAdd(values, w, acc, acc);
            }
            else
            {
                var r = reference.Arrays[array].Data.AsSpan(offset, values.Length);
                if (first) WeightMath.ScaledDifference(acc, values, r, w);
                else WeightMath.AddScaledDifference(acc, values, r, w);
            }
        });
        Record(weight);
    }

    /// <summary>
    /// The weighted mean: the running sum divided by <see cref="TotalWeight"/>. The returned weights
    /// are the accumulator's own buffer, handed over to the caller; the accumulator cannot be used
    /// afterwards.
    /// </summary>
    public ModelWeights Result()
    {
        EnsureOpen();
        if (Count == 0)
            throw new InvalidOperationException("Cannot average: no updates were added.");
        if (!(TotalWeight > 0))
            throw new InvalidOperationException($"Cannot average: the total weight of the {Count} updates is {TotalWeight}; at least one must have a positive weight.");
        _completed = true;
        WeightMath.Scale(Sum, (float)(1.0 / TotalWeight));
        return Sum;
    }

    private void EnsureAcceptable(ModelWeights update, double weight, string what)
    {
        EnsureOpen();
        if (!(weight >= 0) || double.IsInfinity(weight))
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "An update's weight must be a finite, non-negative number.");
        // Validate every array before touching the sum, so a bad update leaves it unchanged.
        WeightMath.EnsureSameLayout(_template, update, what);
    }

    private void Record(double weight)
    {
        Count++;
        TotalWeight += weight;
    }

    private void EnsureOpen()
    {
        if (_completed)
            throw new InvalidOperationException("This accumulator has already produced its result; start a new one for the next round.");
    }
}
