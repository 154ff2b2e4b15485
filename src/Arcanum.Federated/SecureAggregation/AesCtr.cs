using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Arcanum.Federated.SecureAggregation;

/// <summary>
/// AES-256 in counter mode (NIST SP 800-38A) as a keystream generator, built on the base library's AES-ECB
/// (which uses AES-NI where present): block i is AES_K(0^64 ‖ i as 64-bit big-endian). Every key here is
/// fresh per round and purpose, so a zero nonce is safe; a key never starts a second stream.
/// </summary>
/// <remarks>
/// Masks are expanded from the full 256-bit key, never from a folded 32-bit seed or a Mersenne Twister
/// (Flower's SecAgg+ weakness). A request that is not a multiple of 16 bytes discards the rest of its last
/// block, so the next request starts on a fresh block and no keystream byte is used twice.
/// </remarks>
internal sealed class AesCtr : IDisposable
{
    public const int KeyLength = 32;
    private const int BlockSize = 16;
    private const int ChunkBlocks = 4096;

    private readonly Aes _aes;
    private readonly byte[] _counters = new byte[ChunkBlocks * BlockSize];
    private readonly byte[] _tail = new byte[BlockSize];
    private ulong _nextBlock;

    /// <param name="key">The 32-byte key.</param>
    /// <param name="firstBlock">Counter of the first block, so a long stream can be cut into pieces.</param>
    public AesCtr(ReadOnlySpan<byte> key, ulong firstBlock = 0)
    {
        _nextBlock = firstBlock;
        if (key.Length != KeyLength)
            throw new ArgumentException($"AES-CTR keys are {KeyLength} bytes; got {key.Length}.", nameof(key));
        _aes = Aes.Create();
        _aes.Key = key.ToArray();
    }

    /// <summary>Writes the next <paramref name="destination"/>.Length keystream bytes.</summary>
    public void Generate(Span<byte> destination)
    {
        var fullBlocks = destination.Length / BlockSize;
        var done = 0;
        while (done < fullBlocks)
        {
            var blocks = Math.Min(ChunkBlocks, fullBlocks - done);
            var input = FillCounters(blocks);
            _aes.EncryptEcb(input, destination.Slice(done * BlockSize, blocks * BlockSize), PaddingMode.None);
            done += blocks;
        }
        var rest = destination.Length - fullBlocks * BlockSize;
        if (rest == 0) return;
        _aes.EncryptEcb(FillCounters(1), _tail, PaddingMode.None);
        _tail.AsSpan(0, rest).CopyTo(destination[(fullBlocks * BlockSize)..]);
    }

    private ReadOnlySpan<byte> FillCounters(int blocks)
    {
        // Each block is two 64-bit words: zero (written once, never changed) and the big-endian counter.
        var words = MemoryMarshal.Cast<byte, ulong>(_counters.AsSpan(0, blocks * BlockSize));
        var next = _nextBlock;
        for (var i = 1; i < words.Length; i += 2)
            words[i] = BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(next++) : next++;
        _nextBlock = next;
        return MemoryMarshal.AsBytes(words);
    }

    public void Dispose() => _aes.Dispose();
}
