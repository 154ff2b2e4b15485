using System.Buffers;
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
    /// <remarks><paramref name="target"/> is any array of 32-bit elements, read as words.</remarks>
    public static void Apply<T>(IReadOnlyList<(byte[] Key, int Sign)> masks, T[] target) where T : unmanaged =>
        Apply(masks, new WordVector<T>([target]));

    /// <summary>The same over a vector held in several arrays (the server sums into the model's own arrays).</summary>
    public static void Apply<T>(IReadOnlyList<(byte[] Key, int Sign)> masks, WordVector<T> target) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(masks);
        ArgumentNullException.ThrowIfNull(target);
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
            var length = Math.Min(PieceWords, target.Length - offset);
            var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(ChunkWords, length) * sizeof(uint));
            try
            {
                foreach (var (key, sign) in masks) ApplyPiece(key, target, offset, length, sign, buffer);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer, clearArray: true);   // it held keystream
            }
        });
    }

    /// <summary>Words [offset, offset + length) of the stream: AES-CTR blocks from offset / 4 on (offset is a multiple of 4).</summary>
    private static void ApplyPiece<T>(byte[] key, WordVector<T> target, int offset, int length, int sign, byte[] buffer) where T : unmanaged
    {
        using var stream = new AesCtr(key, (ulong)offset / 4);
        var chunk = Math.Min(ChunkWords, length);
        for (var done = 0; done < length; done += chunk)
        {
            var n = Math.Min(chunk, length - done);
            stream.Generate(buffer, 0, n * sizeof(uint));
            var words = MemoryMarshal.Cast<byte, uint>(buffer.AsSpan(0, n * sizeof(uint)));
            target.Combine(offset + done, words, sign > 0 ? WordOp.Add : WordOp.Subtract);
        }
    }
}
