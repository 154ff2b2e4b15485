using System.Numerics.Tensors;

namespace Arcanum.Federated.Aggregation;

/// <summary>
/// The per-parameter server optimizer updates of Reddi et al. 2021 ("Adaptive Federated
/// Optimization", Algorithm 2) and Hsu et al. 2019 (server momentum), on one array at a time.
/// Δ is the round's pseudo-gradient (mean client weights minus global weights), so every step
/// <em>adds</em> to the global weights. No bias correction, as in the paper.
/// </summary>
internal static class ServerOptimizerMath
{
    /// <summary>FedAvgM momentum: m = β·m + Δ.</summary>
    public static void Momentum(Span<float> m, ReadOnlySpan<float> delta, float beta) =>
        TensorPrimitives.MultiplyAdd(m, beta, delta, m);

    /// <summary>FedOpt first moment: m = β1·m + (1 − β1)·Δ.</summary>
    public static void FirstMoment(Span<float> m, ReadOnlySpan<float> delta, float beta1)
    {
        TensorPrimitives.Multiply(m, beta1, m);
        TensorPrimitives.MultiplyAdd(delta, 1f - beta1, m, m);
    }

    /// <summary>FedAdagrad: v = v + Δ².</summary>
    public static void AdagradSecondMoment(Span<float> v, ReadOnlySpan<float> deltaSquared) =>
        TensorPrimitives.Add(v, deltaSquared, v);

    /// <summary>FedAdam: v = β2·v + (1 − β2)·Δ².</summary>
    public static void AdamSecondMoment(Span<float> v, ReadOnlySpan<float> deltaSquared, float beta2)
    {
        TensorPrimitives.Multiply(v, beta2, v);
        TensorPrimitives.MultiplyAdd(deltaSquared, 1f - beta2, v, v);
    }

    /// <summary>FedYogi: v = v − (1 − β2)·Δ²·sign(v − Δ²). v grows only additively, never jumps.</summary>
    public static void YogiSecondMoment(Span<float> v, ReadOnlySpan<float> deltaSquared, float beta2)
    {
        if (v.Length != deltaSquared.Length) throw new ArgumentException("Spans must have the same length.");
        var k = 1f - beta2;
        for (var i = 0; i < v.Length; i++)
        {
            var d2 = deltaSquared[i];
            v[i] -= k * d2 * MathF.Sign(v[i] - d2);
        }
    }

    /// <summary>
    /// destination = x + η·m / (√v + τ). <paramref name="destination"/> may be a scratch buffer
    /// that held Δ² (it is overwritten).
    /// </summary>
    public static void AdaptiveStep(Span<float> destination, ReadOnlySpan<float> x, ReadOnlySpan<float> m, ReadOnlySpan<float> v, float eta, float tau)
    {
        TensorPrimitives.Sqrt(v, destination);
        TensorPrimitives.Add(destination, tau, destination);
        TensorPrimitives.Divide(m, destination, destination);
        TensorPrimitives.MultiplyAdd(destination, eta, x, destination);
    }
}
