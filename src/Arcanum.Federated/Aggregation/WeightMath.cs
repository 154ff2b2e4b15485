using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Arcanum.Core.Weights;

namespace Arcanum.Federated.Aggregation;

/// <summary>
/// Element-wise arithmetic on <see cref="ModelWeights"/> with SIMD kernels. Methods that end in a
/// target argument work in place and allocate nothing; the others return new weights.
/// Every method checks that its arguments have the same arrays, in the same order and shapes,
/// and names the offending array when they do not.
/// </summary>
public static class WeightMath
{
    /// <summary>Returns <paramref name="a"/> − <paramref name="b"/> as new weights.</summary>
    public static ModelWeights Subtract(ModelWeights a, ModelWeights b)
    {
        EnsureSameLayout(a, b, "subtrahend");
        var result = a.ZerosLike();
        for (var i = 0; i < a.Count; i++)
            TensorPrimitives.Subtract(a.Arrays[i].Data, b.Arrays[i].Data, result.Arrays[i].Data);
        return result;
    }

    /// <summary>target += scale · x, in place.</summary>
    public static void AddScaled(ModelWeights target, ModelWeights x, float scale)
    {
        EnsureSameLayout(target, x, "addend");
        for (var i = 0; i < target.Count; i++)
        {
            var t = target.Arrays[i].Data;
            TensorPrimitives.MultiplyAdd(x.Arrays[i].Data, scale, t, t);
        }
    }

    /// <summary>target += scale · (x − reference), in place, in one pass without a temporary.</summary>
    public static void AddScaledDifference(ModelWeights target, ModelWeights x, ModelWeights reference, float scale)
    {
        EnsureSameLayout(target, x, "update");
        EnsureSameLayout(target, reference, "reference");
        for (var i = 0; i < target.Count; i++)
            AddScaledDifference(target.Arrays[i].Data, x.Arrays[i].Data, reference.Arrays[i].Data, scale);
    }

    /// <summary>target *= scale, in place.</summary>
    public static void Scale(ModelWeights target, float scale)
    {
        ArgumentNullException.ThrowIfNull(target);
        foreach (var a in target.Arrays)
            TensorPrimitives.Multiply(a.Data, scale, a.Data);
    }

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming the first array that differs unless
    /// <paramref name="actual"/> has the same array names, order and shapes as <paramref name="expected"/>.
    /// </summary>
    /// <param name="expected">The layout to match (usually the global model).</param>
    /// <param name="actual">The weights to check.</param>
    /// <param name="what">What <paramref name="actual"/> is, for the message ("update from site-a").</param>
    public static void EnsureSameLayout(ModelWeights expected, ModelWeights actual, string what)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        var n = Math.Min(expected.Count, actual.Count);
        for (var i = 0; i < n; i++)
        {
            var e = expected.Arrays[i];
            var a = actual.Arrays[i];
            if (!string.Equals(e.Name, a.Name, StringComparison.Ordinal))
                throw new ArgumentException($"The {what} has array '{a.Name}' at position {i}, where the model has '{e.Name}'.");
            if (!e.HasSameShape(a))
                throw new ArgumentException($"Array '{e.Name}' in the {what} has shape [{string.Join("x", a.Shape)}]; the model expects [{string.Join("x", e.Shape)}].");
        }
        if (actual.Count < expected.Count)
            throw new ArgumentException($"The {what} is missing array '{expected.Arrays[n].Name}' (it has {actual.Count} arrays; the model has {expected.Count}).");
        if (actual.Count > expected.Count)
            throw new ArgumentException($"The {what} has an extra array '{actual.Arrays[n].Name}' that the model does not have.");
    }

    /// <summary>target[i] += scale · (x[i] − reference[i]) for spans of equal length.</summary>
    internal static void AddScaledDifference(Span<float> target, ReadOnlySpan<float> x, ReadOnlySpan<float> reference, float scale) =>
        ScaledDifference(target, x, reference, scale, accumulate: true);

    /// <summary>target[i] = scale · (x[i] − reference[i]) for spans of equal length.</summary>
    internal static void ScaledDifference(Span<float> target, ReadOnlySpan<float> x, ReadOnlySpan<float> reference, float scale) =>
        ScaledDifference(target, x, reference, scale, accumulate: false);

    private static void ScaledDifference(Span<float> target, ReadOnlySpan<float> x, ReadOnlySpan<float> reference, float scale, bool accumulate)
    {
        if (x.Length != target.Length || reference.Length != target.Length)
            throw new ArgumentException("Spans must have the same length.");
        var i = 0;
        if (Vector.IsHardwareAccelerated && target.Length >= Vector<float>.Count)
        {
            // TensorPrimitives has no fused (x − r)·s + t; two passes would read the target twice.
            var t = MemoryMarshal.Cast<float, Vector<float>>(target);
            var xv = MemoryMarshal.Cast<float, Vector<float>>(x);
            var rv = MemoryMarshal.Cast<float, Vector<float>>(reference);
            var s = new Vector<float>(scale);
            if (accumulate)
            {
                for (var k = 0; k < t.Length; k++) t[k] += s * (xv[k] - rv[k]);
            }
            else
            {
                for (var k = 0; k < t.Length; k++) t[k] = s * (xv[k] - rv[k]);
            }
            i = t.Length * Vector<float>.Count;
        }
        for (; i < target.Length; i++)
            target[i] = (accumulate ? target[i] : 0f) + scale * (x[i] - reference[i]);
    }
}
