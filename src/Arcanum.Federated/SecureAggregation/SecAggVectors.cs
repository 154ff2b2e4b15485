using System.Numerics.Tensors;
using Arcanum.Core.Weights;

namespace Arcanum.Federated.SecureAggregation;

/// <summary>Named arrays to and from the one flat vector that secure aggregation sums.</summary>
public static class SecAggVectors
{
    /// <summary>2^24: every whole number up to it is exact in a float.</summary>
    private const long ExactFloatInteger = 1 << 24;

    /// <summary>All values of <paramref name="weights"/> in array order.</summary>
    public static float[] Flatten(ModelWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var flat = GC.AllocateUninitializedArray<float>(checked((int)weights.ParameterCount));
        var offset = 0;
        foreach (var array in weights.Arrays)
        {
            array.Data.CopyTo(flat, offset);
            offset += array.Length;
        }
        return flat;
    }

    /// <summary>
    /// <paramref name="a"/> − <paramref name="b"/> as one flat vector in array order: <see cref="Flatten"/> of the difference, without the
    /// model-sized intermediate; written into <paramref name="reuse"/> when it has the right length (a site masks one such vector every
    /// round, and a fresh model-sized array costs its page faults each time).
    /// </summary>
    public static float[] FlatDifference(ModelWeights a, ModelWeights b, float[]? reuse = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        a.EnsureCompatible(b, "subtrahend");
        var flat = reuse?.Length == a.ParameterCount ? reuse : GC.AllocateUninitializedArray<float>(checked((int)a.ParameterCount));
        var offset = 0;
        for (var i = 0; i < a.Count; i++)
        {
            var n = a.Arrays[i].Length;
            TensorPrimitives.Subtract(a.Arrays[i].Data, b.Arrays[i].Data, flat.AsSpan(offset, n));
            offset += n;
        }
        return flat;
    }

    /// <summary>
    /// Cuts <paramref name="flat"/> / <paramref name="denominator"/> into arrays named and shaped like <paramref name="template"/>,
    /// each value divided in double and rounded to float as <see cref="SecAggResult.SumOver"/> does, without a mean vector of
    /// its own first (a fresh model-sized array is milliseconds of page faults).
    /// </summary>
    public static ModelWeights Unflatten(ReadOnlySpan<float> flat, ModelWeights template, long denominator = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(denominator);
        ArgumentNullException.ThrowIfNull(template);
        if (flat.Length != template.ParameterCount)
            throw new ArgumentException($"{flat.Length} values do not fit a model of {template.ParameterCount}.");
        var offset = 0;
        var arrays = new List<NamedArray>(template.Count);
        foreach (var a in template.Arrays)
        {
            var source = flat.Slice(offset, a.Length);
            var data = GC.AllocateUninitializedArray<float>(a.Length);
            if (denominator == 1) source.CopyTo(data);
            // A float divided by a float is the float nearest the exact quotient, and so is the double quotient rounded to float
            // (53 ≥ 2·24 + 2 bits, so rounding twice cannot differ from rounding once): the same words, vectorised. A scalar
            // loop here was about 100 ms per round at 10M parameters (bench/RESULTS.md h.10).
            else if (denominator <= ExactFloatInteger) TensorPrimitives.Divide(source, (float)denominator, data);
            else for (var i = 0; i < data.Length; i++) data[i] = (float)(source[i] / (double)denominator);
            arrays.Add(new NamedArray(a.Name, (int[])a.Shape.Clone(), data));
            offset += a.Length;
        }
        return new ModelWeights(arrays);
    }
}
