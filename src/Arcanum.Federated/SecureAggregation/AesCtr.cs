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
    // One native cipher for the whole stream: the one-shot EncryptEcb sets up a cipher context per call, which made the
    // keystream about a quarter slower in 64 KiB calls (bench/RESULTS.md h.8).
    private readonly ICryptoTransform _ecb;
    private readonly byte[] _counters = new byte[ChunkBlocks * BlockSize];
    private readonly byte[] _tail = new byte[BlockSize];
    private byte[]? _block;   // the span overload's output, before it is copied out
    private ulong _nextBlock;

    /// <param name="key">The 32-byte key.</param>
    /// <param name="firstBlock">Counter of the first block, so a long stream can be cut into pieces.</param>
    public AesCtr(ReadOnlySpan<byte> key, ulong firstBlock = 0)
    {
        _nextBlock = firstBlock;
        if (key.Length != KeyLength)
            throw new ArgumentException($"AES-CTR keys are {KeyLength} bytes; got {key.Length}.", nameof(key));
        _aes = Aes.Create();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        // Keyed from our own copy, zeroed at once: the parameterless CreateEncryptor would read the Key property, which hands out
        // a copy nobody clears.
        var copy = key.ToArray();
        try
        {
            _ecb = _aes.CreateEncryptor(copy, null);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(copy);
        }
    }

    /// <summary>Writes the next <paramref name="count"/> keystream bytes into <paramref name="destination"/> from <paramref name="offset"/> on.</summary>
    /// <remarks>The fast path: the cipher writes straight into the array.</remarks>
    public void Generate(byte[] destination, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, destination.Length - offset);
        var fullBlocks = count / BlockSize;
        for (var done = 0; done < fullBlocks;)
        {
            var blocks = Math.Min(ChunkBlocks, fullBlocks - done);
            FillCounters(blocks);
            _ecb.TransformBlock(_counters, 0, blocks * BlockSize, destination, offset + done * BlockSize);
            done += blocks;
        }
        var rest = count - fullBlocks * BlockSize;
        if (rest == 0) return;
        FillCounters(1);
        _ecb.TransformBlock(_counters, 0, BlockSize, _tail, 0);
        _tail.AsSpan(0, rest).CopyTo(destination.AsSpan(offset + fullBlocks * BlockSize));
    }

    /// <summary>Writes the next <paramref name="destination"/>.Length keystream bytes (through a buffer: the array overload is faster).</summary>
    public void Generate(Span<byte> destination)
    {
        _block ??= new byte[_counters.Length];
        for (var done = 0; done < destination.Length;)
        {
            // Whole blocks but for the last piece, so the stream is the same as one request of this length.
            var n = Math.Min(_block.Length, destination.Length - done);
            Generate(_block, 0, n);
            _block.AsSpan(0, n).CopyTo(destination[done..]);
            done += n;
        }
    }

    private void FillCounters(int blocks)
    {
        // Each block is two 64-bit words: zero (written once, never changed) and the big-endian counter.
        var words = MemoryMarshal.Cast<byte, ulong>(_counters.AsSpan(0, blocks * BlockSize));
        var next = _nextBlock;
        for (var i = 1; i < words.Length; i += 2)
            words[i] = BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(next++) : next++;
        _nextBlock = next;
    }

    public void Dispose()
    {
        _ecb.Dispose();
        _aes.Dispose();
        CryptographicOperations.ZeroMemory(_counters);
        CryptographicOperations.ZeroMemory(_tail);
        if (_block is not null) CryptographicOperations.ZeroMemory(_block);
    }
}
