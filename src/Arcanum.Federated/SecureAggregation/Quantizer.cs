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
    public static void Quantize(ReadOnlySpan<float> values, double clip, uint levels, uint weight,
        ReadOnlySpan<uint> randomWords, Span<uint> destination)
    {
        var scale = levels / (2 * clip);
        const double toUnit = 1.0 / 4294967296.0;
        for (var i = 0; i < values.Length; i++)
        {
            var x = Math.Clamp((double)values[i], -clip, clip);
            if (double.IsNaN(x)) throw new ArgumentException("An update contains NaN; it cannot be aggregated.");
            var q = Math.Min((uint)((x + clip) * scale + randomWords[i] * toUnit), levels);
            destination[i] = weight * q;
        }
    }

    /// <summary>Σ w · clip(x) ≈ S · Δ − c · W for the summed words S and total weight W.</summary>
    public static void Dequantize(ReadOnlySpan<uint> sums, long totalWeight, double clip, uint levels,
        Span<float> destination)
    {
        var step = 2 * clip / levels;
        var offset = clip * totalWeight;
        for (var i = 0; i < sums.Length; i++) destination[i] = (float)(sums[i] * step - offset);
    }
}
