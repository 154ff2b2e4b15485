using System.Numerics.Tensors;
using Arcanum.Core.Weights;

namespace Arcanum.Federated.SecureAggregation;

/// <summary>
/// Named arrays to and from the vector that secure aggregation sums: a site flattens its change into one array; the server sums in
/// arrays shaped like the model's, which become the mean model.
/// </summary>
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
    /// The unmasked sum's <paramref name="parts"/> (one per array of <paramref name="template"/>, in order) as a model named and shaped
    /// like it, each value divided by <paramref name="denominator"/> in place: in double and rounded to float, as
    /// <see cref="SecAggResult.SumOver"/> does. The arrays become the model's own; no model-sized copy is made, so a secure round holds
    /// the global model and this one, not a third (bench/RESULTS.md h.12).
    /// </summary>
    public static ModelWeights AsModel(IReadOnlyList<float[]> parts, ModelWeights template, long denominator = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(denominator);
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(template);
        if (parts.Count != template.Count || parts.Where((p, i) => p.Length != template.Arrays[i].Length).Any())
            throw new ArgumentException($"The sum's parts ({string.Join(", ", parts.Select(p => p.Length))}) do not fit the model's arrays " +
                $"({string.Join(", ", template.Arrays.Select(a => a.Length))}).", nameof(parts));
        var arrays = new List<NamedArray>(template.Count);
        for (var i = 0; i < parts.Count; i++)
        {
            var data = parts[i];
            // A float divided by a float is the float nearest the exact quotient, and so is the double quotient rounded to float
            // (53 ≥ 2·24 + 2 bits, so rounding twice cannot differ from rounding once): the same words, vectorised. A scalar
            // loop here was about 100 ms per round at 10M parameters (bench/RESULTS.md h.10).
            if (denominator > ExactFloatInteger) for (var j = 0; j < data.Length; j++) data[j] = (float)(data[j] / (double)denominator);
            else if (denominator > 1) TensorPrimitives.Divide(data, (float)denominator, data);
            arrays.Add(new NamedArray(template.Arrays[i].Name, (int[])template.Arrays[i].Shape.Clone(), data));
        }
        return new ModelWeights(arrays);
    }

    /// <summary>The lengths of <paramref name="weights"/>' arrays, in order: the parts a server sums a model-sized vector in.</summary>
    public static int[] PartsOf(ModelWeights weights) => [.. weights.Arrays.Select(a => a.Length)];
}
