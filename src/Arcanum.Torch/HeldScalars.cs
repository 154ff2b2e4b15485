using System.Collections.Concurrent;
using TorchSharp;
using static TorchSharp.torch;

namespace Arcanum.Torch;

/// <summary>
/// Scalars handed to libtorch, created once per value and held for the life of the process, and the sums
/// written with them. TorchSharp turns a number argument (<c>x * 2</c>, <c>leaky_relu(x, 0.2)</c>, the betas
/// inside its Adam) into a new <see cref="Scalar"/>, and passes one more for the alpha of every
/// <c>a + b</c> and <c>a + 1e-6</c>; nothing references it once its native handle has been read. When a
/// garbage collection started by any other thread runs during the native call, that Scalar is unreachable
/// and its finalizer frees the c10::Scalar while libtorch still reads it: "Expected false to be true" from
/// Scalar::toFloat, or "Unknown scalar type", now and then in long runs. A Scalar from here stays reachable,
/// so it cannot be freed; values that change per fit or per step are created with <c>using</c> at the call
/// site instead, which keeps them reachable to the end of the block. Training and sampling code in this
/// project writes sums with <see cref="Plus(Tensor, Tensor)"/> and <see cref="OneMinus"/>, not <c>+</c>.
/// </summary>
internal static class HeldScalars
{
    private static readonly ConcurrentDictionary<double, Scalar> Held = new();

    /// <summary>The held Scalar for <paramref name="value"/> (a double, as TorchSharp's conversion makes).</summary>
    public static Scalar Of(double value) => Held.GetOrAdd(value, v => v.ToScalar());

    /// <summary>a + b with a held alpha of 1 (TorchSharp's <c>+</c> makes a temporary one).</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, Of(1));

    /// <summary>a + b for a held <paramref name="b"/>, with a held alpha of 1.</summary>
    public static Tensor Plus(this Tensor a, Scalar b) => a.add(b, Of(1));

    /// <summary>a², as a·a: TorchSharp's <c>square()</c> is <c>pow(2)</c> with a temporary Scalar (libtorch computes pow 2 as a·a too).</summary>
    public static Tensor Squared(this Tensor a) => a.mul(a);

    /// <summary>1 − a, computed as TorchSharp's <c>1 - a</c> does (−a + 1), with held Scalars.</summary>
    public static Tensor OneMinus(Tensor a) => a.negative().add(Of(1), Of(1));
}
