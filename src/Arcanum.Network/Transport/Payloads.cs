using System.Security.Cryptography;
using Arcanum.Core.Weights;

namespace Arcanum.Network.Transport;

/// <summary>
/// How weights travel: a safetensors file whose array names carry a prefix saying what each array
/// is (see protos/arcanum/v1/federation.proto), sent in chunks with a SHA-256 of the whole.
/// </summary>
public static class Payloads
{
    /// <summary>Bytes per chunk: far below gRPC's 4 MiB message limit, large enough to stream at full speed.</summary>
    public const int ChunkBytes = 1 << 20;

    /// <summary>The largest payload accepted (a model of about 4 billion float32 values).</summary>
    public const long MaxPayloadBytes = 16L << 30;

    public const string Global = "global/";
    public const string Control = "control/";
    public const string Weights = "weights/";
    public const string ControlDelta = "control_delta/";

    /// <summary>The one U32 tensor of a masked training answer under secure aggregation.</summary>
    public const string Masked = "masked/values";

    /// <summary>Words per piece when a masked answer is read from its spooled file (1 MiB).</summary>
    private const int MaskedPieceWords = 1 << 18;

    /// <summary>
    /// Reads a masked answer of <paramref name="length"/> U32 values piece by piece through one pooled 1 MiB buffer, handing each
    /// piece to <paramref name="pieces"/> in order; the header is checked before the first piece.
    /// </summary>
    /// <exception cref="FormatException">The payload is not exactly one U32 tensor "masked/values" of that length.</exception>
    public static void ReadMasked(Stream stream, int length, Federated.SecureAggregation.MaskedPiecesAction pieces)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        var reader = OpenMasked(stream, length);
        var buffer = System.Buffers.ArrayPool<uint>.Shared.Rent(Math.Min(MaskedPieceWords, Math.Max(length, 1)));
        try
        {
            for (var offset = 0; offset < length;)
            {
                var n = reader.ReadNextUInt32Part(buffer.AsSpan(0, Math.Min(buffer.Length, length - offset)));
                pieces(offset, buffer.AsSpan(0, n));
                offset += n;
            }
        }
        finally
        {
            System.Buffers.ArrayPool<uint>.Shared.Return(buffer);
        }
    }

    /// <summary>Checks a masked answer's header and leaves <paramref name="stream"/> at its values.</summary>
    /// <exception cref="FormatException">The payload is not exactly one U32 tensor "masked/values" of <paramref name="length"/> values.</exception>
    public static SafeTensorsReader OpenMasked(Stream stream, int length)
    {
        SafeTensorsReader reader;
        try
        {
            reader = SafeTensorsReader.Open(stream);
        }
        catch (InvalidDataException e)
        {
            throw new FormatException("The masked update is not a safetensors file: " + e.Message, e);
        }
        if (reader.Entries is not [{ Name: Masked, Dtype: "U32" } entry] || entry.Count != length)
            throw new FormatException($"A masked update must be one U32 tensor '{Masked}' of {length} values; got " +
                string.Join(", ", reader.Entries.Select(e => $"{e.Name} ({e.Dtype} × {e.Count})")) + ".");
        return reader;
    }

    /// <summary>Joins named parts into one set of arrays; a null part is left out.</summary>
    public static ModelWeights Pack(params (string Prefix, ModelWeights? Part)[] parts) =>
        new(parts.Where(p => p.Part is not null).SelectMany(p => p.Part!.Arrays.Select(a => new NamedArray(p.Prefix + a.Name, a.Shape, a.Data))));

    /// <summary>The arrays under <paramref name="prefix"/>, with the prefix removed; null when there are none.</summary>
    public static ModelWeights? Part(ModelWeights packed, string prefix)
    {
        var arrays = packed.Arrays.Where(a => a.Name.StartsWith(prefix, StringComparison.Ordinal))
            .Select(a => new NamedArray(a.Name[prefix.Length..], a.Shape, a.Data)).ToList();
        return arrays.Count == 0 ? null : new ModelWeights(arrays);
    }

    /// <summary>Writes <paramref name="weights"/> as safetensors to <paramref name="path"/> (atomically) and returns its size and SHA-256.</summary>
    public static (long Bytes, string Sha256) WriteFile(string path, ModelWeights weights)
    {
        var temp = path + ".tmp";
        long bytes;
        string sha;
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        using (var hashing = new HashingStream(file))
        {
            SafeTensors.Write(hashing, weights);
            hashing.Flush();
            file.Flush(flushToDisk: true);
            (bytes, sha) = (hashing.Length, hashing.HexDigest());
        }
        File.Move(temp, path, overwrite: true);
        return (bytes, sha);
    }

    /// <summary>
    /// The arrays of the safetensors document in <paramref name="bytes"/>, copied out (the bytes may be reused after); arrays of
    /// <paramref name="reuse"/> with the same name and shape are overwritten and returned again.
    /// </summary>
    public static ModelWeights FromBytes(ArraySegment<byte> bytes, ModelWeights? reuse = null)
    {
        using var memory = new MemoryStream(bytes.Array!, bytes.Offset, bytes.Count, writable: false);
        return SafeTensorsReader.Open(memory).ReadAll(reuse);
    }

    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}

/// <summary>A write-only stream that counts what passes through it and, unless told not to, hashes it (SHA-256).</summary>
public sealed class HashingStream(Stream inner, bool hash = true) : Stream
{
    private readonly IncrementalHash? _hash = hash ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
    private long _length;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _length;
    public override long Position { get => _length; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _hash?.AppendData(buffer);
        inner.Write(buffer);
        _length += buffer.Length;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _hash?.AppendData(buffer.Span);
        await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        _length += buffer.Length;
    }

    /// <exception cref="InvalidOperationException">The stream was made not to hash.</exception>
    public string HexDigest() => Convert.ToHexStringLower((_hash ?? throw new InvalidOperationException("This stream does not hash.")).GetHashAndReset());

    public override void Flush() => inner.Flush();
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _hash?.Dispose();
        base.Dispose(disposing);
    }
}
