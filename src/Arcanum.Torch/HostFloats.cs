using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Arcanum.Torch;

/// <summary>
/// Moves float32 values between tensors and .NET memory as one block copy. TorchSharp's element accessor
/// (<c>data&lt;float&gt;()</c>) steps an index enumerator per element, about 5 ms per million values, and
/// <c>torch.tensor(float[])</c> clones the array before the tensor copies it; a site did both for every
/// array of the model in every round.
/// </summary>
internal static class HostFloats
{
    // Tensor.bytes is a Span<byte>: a tensor of more bytes than that goes through TorchSharp's element-wise paths.
    private const long MaxBlockBytes = int.MaxValue;

    /// <summary>The values of <paramref name="t"/> (any device or floating type), row-major, as a new array.</summary>
    public static float[] ToArray(Tensor t)
    {
        var values = new float[checked((int)t.numel())];
        CopyTo(t, values);
        return values;
    }

    /// <summary>Copies the values of <paramref name="t"/> (any device or floating type), row-major, into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is not as long as the tensor.</exception>
    public static void CopyTo(Tensor t, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (destination.Length != t.numel())
            throw new ArgumentException($"The tensor has {t.numel()} values; the destination holds {destination.Length}.", nameof(destination));
        using var scope = NewDisposeScope();
        var host = t.detach().to(ScalarType.Float32, CPU).contiguous();
        if (host.numel() * sizeof(float) > MaxBlockBytes) host.data<float>().CopyTo(destination);
        else MemoryMarshal.Cast<byte, float>(host.bytes).CopyTo(destination);
    }

    /// <summary>
    /// Overwrites the values of <paramref name="target"/> with <paramref name="source"/> (row-major), without
    /// recording it for autograd: in place when the tensor is contiguous float32 on the CPU, otherwise through a
    /// temporary tensor of <paramref name="shape"/>. The in-place write does not bump the tensor's version counter, so
    /// autograd would not notice it: call this only while no graph that uses <paramref name="target"/> awaits its backward
    /// pass (as between training steps), never between a forward and its backward.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="source"/> is not as long as the tensor.</exception>
    public static void CopyInto(float[] source, Tensor target, long[] shape)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        if (source.Length != target.numel())
            throw new ArgumentException($"The tensor has {target.numel()} values; the source holds {source.Length}.", nameof(source));
        if (target.device_type == DeviceType.CPU && target.dtype == ScalarType.Float32 && target.is_contiguous()
            && (long)source.Length * sizeof(float) <= MaxBlockBytes)
        {
            MemoryMarshal.AsBytes(source.AsSpan()).CopyTo(target.bytes);
            return;
        }
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        target.copy_(tensor(source, shape));
    }
}
