using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
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
    public static void Apply(ReadOnlySpan<byte> key, uint[] target, int sign) => Apply([(key.ToArray(), sign)], target);

    /// <summary>
    /// Applies every mask in <paramref name="masks"/> (see the single-key overload) in one pass: each piece of the target
    /// takes all masks while it is in cache, and the pieces run on all cores.
    /// </summary>
    /// <remarks><paramref name="target"/> is any array of 32-bit elements, read as words: the server's sum is held in the float array it is decoded into.</remarks>
    public static void Apply<T>(IReadOnlyList<(byte[] Key, int Sign)> masks, T[] target) where T : unmanaged
    {
        if (Unsafe.SizeOf<T>() != sizeof(uint)) throw new ArgumentException("Masks apply to arrays of 32-bit words.", nameof(target));
        ArgumentNullException.ThrowIfNull(masks);
        foreach (var (key, sign) in masks)
        {
            if (sign is not (1 or -1)) throw new ArgumentOutOfRangeException(nameof(masks), sign, "The sign is +1 or -1.");
            if (key.Length != AesCtr.KeyLength) throw new ArgumentException($"Mask keys are {AesCtr.KeyLength} bytes; got {key.Length}.", nameof(masks));
        }
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Secure aggregation masks assume a little-endian machine.");
        var pieces = (target.Length + PieceWords - 1) / PieceWords;
        Parallel.For(0, pieces, piece =>
        {
            var offset = piece * PieceWords;
            var slice = MemoryMarshal.Cast<T, uint>(target.AsSpan(offset, Math.Min(PieceWords, target.Length - offset)));
            var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(ChunkWords, slice.Length) * sizeof(uint));
            try
            {
                foreach (var (key, sign) in masks) ApplyPiece(key, slice, offset, sign, buffer);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer, clearArray: true);   // it held keystream
            }
        });
    }

    /// <summary>Words [offset, offset + n) of the stream: AES-CTR blocks from offset / 4 on.</summary>
    private static void ApplyPiece(byte[] key, Span<uint> target, int offset, int sign, byte[] buffer)
    {
        using var stream = new AesCtr(key, (ulong)offset / 4);
        var chunk = Math.Min(ChunkWords, target.Length);
        for (var done = 0; done < target.Length; done += chunk)
        {
            var n = Math.Min(chunk, target.Length - done);
            stream.Generate(buffer, 0, n * sizeof(uint));
            var words = MemoryMarshal.Cast<byte, uint>(buffer.AsSpan(0, n * sizeof(uint)));
            var slice = target.Slice(done, n);
            if (sign > 0) TensorPrimitives.Add(slice, words, slice);
            else TensorPrimitives.Subtract(slice, words, slice);
        }
    }
}
