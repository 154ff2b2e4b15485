using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Arcanum.Federated.SecureAggregation;

/// <summary>
/// Adds or subtracts the mask PRG(key) to a vector of 32-bit words, mod 2^32, where PRG is AES-256-CTR
/// read as little-endian words. Works in 64 KiB pieces so a 10-million-word mask never exists as a whole.
/// </summary>
internal static class MaskExpander
{
    private const int ChunkWords = 16384;

    /// <summary>
    /// target += PRG(key) (mod 2^32) when <paramref name="sign"/> is +1, target −= PRG(key) when −1.
    /// </summary>
    public static void Apply(ReadOnlySpan<byte> key, Span<uint> target, int sign)
    {
        if (sign is not (1 or -1)) throw new ArgumentOutOfRangeException(nameof(sign), sign, "The sign is +1 or -1.");
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Secure aggregation masks assume a little-endian machine.");
        using var stream = new AesCtr(key);
        var buffer = new uint[Math.Min(ChunkWords, Math.Max(1, target.Length))];
        var bytes = MemoryMarshal.AsBytes(buffer.AsSpan());
        for (var offset = 0; offset < target.Length; offset += buffer.Length)
        {
            var n = Math.Min(buffer.Length, target.Length - offset);
            stream.Generate(bytes[..(n * sizeof(uint))]);
            var slice = target.Slice(offset, n);
            if (sign > 0) TensorPrimitives.Add(slice, buffer.AsSpan(0, n), slice);
            else TensorPrimitives.Subtract(slice, buffer.AsSpan(0, n), slice);
        }
    }
}
