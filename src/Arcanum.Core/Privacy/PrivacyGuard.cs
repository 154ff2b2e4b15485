using System.Runtime.CompilerServices;

namespace Arcanum.Core.Privacy;

/// <summary>
/// Argument checks shared by the accountant. A privacy computation fed a bad setting must stop
/// with a message a user understands, never return a number.
/// </summary>
internal static class PrivacyGuard
{
    public static void NoiseMultiplier(double sigma, [CallerArgumentExpression(nameof(sigma))] string? parameter = null)
    {
        if (!(sigma > 0) || double.IsInfinity(sigma))
            throw new ArgumentOutOfRangeException(parameter,
                $"The noise multiplier σ must be a positive finite number; got {sigma}. σ = 0 (no noise) gives no differential privacy at all.");
    }

    public static void SampleRate(double q, [CallerArgumentExpression(nameof(q))] string? parameter = null)
    {
        if (!(q >= 0 && q <= 1))
            throw new ArgumentOutOfRangeException(parameter,
                $"The sampling rate q (expected batch size / dataset size) must be in [0, 1]; got {q}.");
    }

    public static void Delta(double delta, [CallerArgumentExpression(nameof(delta))] string? parameter = null)
    {
        if (!(delta > 0 && delta < 1))
            throw new ArgumentOutOfRangeException(parameter,
                $"δ must be in (0, 1), and in practice well below 1/dataset size; got {delta}.");
    }

    public static void Steps(long steps, [CallerArgumentExpression(nameof(steps))] string? parameter = null)
    {
        if (steps < 0)
            throw new ArgumentOutOfRangeException(parameter, $"The number of steps must be non-negative; got {steps}.");
    }

    public static void TargetEpsilon(double epsilon, [CallerArgumentExpression(nameof(epsilon))] string? parameter = null)
    {
        if (!(epsilon > 0) || double.IsInfinity(epsilon))
            throw new ArgumentOutOfRangeException(parameter, $"The target ε must be a positive finite number; got {epsilon}.");
    }

    public static void Order(double order, [CallerArgumentExpression(nameof(order))] string? parameter = null)
    {
        if (!(order > 1))
            throw new ArgumentOutOfRangeException(parameter, $"A Rényi order α must be greater than 1; got {order}.");
    }
}
