using System.Numerics;

namespace Arcanum.Federated.SecureAggregation;

/// <summary>
/// Fixed-point encoding of updates for a sum mod 2^32. A value is clipped to [−c, c] and mapped to
/// q = ⌊(x + c) · L / (2c) + u⌋ ∈ [0, L] with u uniform in [0, 1) (stochastic rounding: E[q] is exact and
/// |q − (x + c)·L/(2c)| &lt; 1). A site sends w·q; the server decodes Σ w q · Δ − c Σ w with Δ = 2c/L, which
/// differs from Σ w · clip(x) by less than Δ · Σ w, so the weighted mean is within Δ.
/// </summary>
internal static class Quantizer
{
    /// <summary>w · q(x) for each x, using 32-bit uniforms <paramref name="randomWords"/> for the rounding.</summary>
    /// <remarks>
    /// Vectorised in double precision with the same operations in the same order as the scalar tail, so every word is
    /// the same whichever path computed it (IEEE arithmetic, no fused multiply-add).
    /// </remarks>
    public static void Quantize(ReadOnlySpan<float> values, double clip, uint levels, uint weight,
        ReadOnlySpan<uint> randomWords, Span<uint> destination)
    {
        if (randomWords.Length < values.Length || destination.Length < values.Length)
            throw new ArgumentException("Quantize needs a uniform and a destination word for every value.");
        var scale = levels / (2 * clip);
        const double toUnit = 1.0 / 4294967296.0;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var (low, high, factor, unit, cap) = (new Vector<double>(-clip), new Vector<double>(clip), new Vector<double>(scale),
                new Vector<double>(toUnit), new Vector<double>(levels));
            var w = new Vector<uint>(weight);
            for (; i <= values.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var x = new Vector<float>(values[i..]);
                if (!Vector.EqualsAll(x, x)) throw new ArgumentException("An update contains NaN; it cannot be aggregated.");
                Vector.Widen(x, out var x0, out var x1);
                Vector.Widen(new Vector<uint>(randomWords[i..]), out var u0, out var u1);
                var q0 = Vector.ConvertToUInt64(Vector.Min((Vector.Min(Vector.Max(x0, low), high) + high) * factor + Vector.ConvertToDouble(u0) * unit, cap));
                var q1 = Vector.ConvertToUInt64(Vector.Min((Vector.Min(Vector.Max(x1, low), high) + high) * factor + Vector.ConvertToDouble(u1) * unit, cap));
                (Vector.Narrow(q0, q1) * w).CopyTo(destination[i..]);
            }
        }
        for (; i < values.Length; i++)
        {
            var x = Math.Clamp((double)values[i], -clip, clip);
            if (double.IsNaN(x)) throw new ArgumentException("An update contains NaN; it cannot be aggregated.");
            destination[i] = weight * (uint)Math.Min((x + clip) * scale + randomWords[i] * toUnit, levels);
        }
    }

    /// <summary>Σ w · clip(x) ≈ S · Δ − c · W for the summed words S and total weight W.</summary>
    /// <remarks>
    /// <paramref name="destination"/> may be the same memory as <paramref name="sums"/> (the server decodes each part of its sum in
    /// place): each word is read before the value at its index is written.
    /// </remarks>
    public static void Dequantize(ReadOnlySpan<uint> sums, long totalWeight, double clip, uint levels,
        Span<float> destination)
    {
        var step = 2 * clip / levels;
        var offset = clip * totalWeight;
        for (var i = 0; i < sums.Length; i++) destination[i] = (float)(sums[i] * step - offset);
    }
}
