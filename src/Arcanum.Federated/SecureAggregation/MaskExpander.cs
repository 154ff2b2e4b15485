using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Arcanum.Federated.SecureAggregation;

/// <summary>
/// Adds or subtracts the mask PRG(key) to a vector of 32-bit words, mod 2^32, where PRG is AES-256-CTR
/// read as little-endian words. Works in 64 KiB chunks so a 10-million-word mask never exists as a whole,
/// and in 1 MiB pieces on all cores; the words are the same however the work is split.
/// </summary>
internal static class MaskExpander
{
    /// <summary>Words per piece; pieces are expanded in parallel, each from its own counter offset.</summary>
    public const int PieceWords = 1 << 18;
    private const int ChunkWords = 16384;

    /// <summary>
    /// target += PRG(key) (mod 2^32) when <paramref name="sign"/> is +1, target −= PRG(key) when −1.
    /// </summary>
    public static void Apply(ReadOnlySpan<byte> key, uint[] target, int sign)
    {
        if (sign is not (1 or -1)) throw new ArgumentOutOfRangeException(nameof(sign), sign, "The sign is +1 or -1.");
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Secure aggregation masks assume a little-endian machine.");
        var keyCopy = key.ToArray();
        var pieces = (target.Length + PieceWords - 1) / PieceWords;
        Parallel.For(0, pieces, piece =>
        {
            var offset = piece * PieceWords;
            ApplyPiece(keyCopy, target.AsSpan(offset, Math.Min(PieceWords, target.Length - offset)), offset, sign);
        });
    }

    /// <summary>Words [offset, offset + n) of the stream: AES-CTR blocks from offset / 4 on.</summary>
    private static void ApplyPiece(byte[] key, Span<uint> target, int offset, int sign)
    {
        using var stream = new AesCtr(key, (ulong)offset / 4);
        var buffer = new uint[Math.Min(ChunkWords, target.Length)];
        var bytes = MemoryMarshal.AsBytes(buffer.AsSpan());
        for (var done = 0; done < target.Length; done += buffer.Length)
        {
            var n = Math.Min(buffer.Length, target.Length - done);
            stream.Generate(bytes[..(n * sizeof(uint))]);
            var slice = target.Slice(done, n);
            if (sign > 0) TensorPrimitives.Add(slice, buffer.AsSpan(0, n), slice);
            else TensorPrimitives.Subtract(slice, buffer.AsSpan(0, n), slice);
        }
    }
}
