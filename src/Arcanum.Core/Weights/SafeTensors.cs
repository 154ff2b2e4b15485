using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Arcanum.Core.Weights;

/// <summary>
/// Reads and writes the safetensors format (Hugging Face): an 8-byte little-endian header length,
/// a UTF-8 JSON header mapping each tensor name to its dtype, shape and byte range, then the raw
/// little-endian data. Files written here load with <c>safetensors.torch.load_file</c> and
/// Hugging Face tooling; arrays are written as F32 in model order, the header padded to 8 bytes.
/// </summary>
public static class SafeTensors
{
    private const string MetadataKey = "__metadata__";

    /// <summary>Writes <paramref name="weights"/> to <paramref name="path"/> (atomically: temp file then move).</summary>
    public static void Write(string path, ModelWeights weights, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var temp = path + ".tmp-" + Environment.ProcessId;
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            {
                Write(stream, weights, metadata);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Writes <paramref name="weights"/> to a stream, array by array (no full copy in memory).</summary>
    public static void Write(Stream stream, ModelWeights weights, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("safetensors I/O is implemented for little-endian machines only.");
        ArgumentNullException.ThrowIfNull(weights);
        var header = BuildHeader(weights, metadata);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        foreach (var array in weights.Arrays)
        {
            var bytes = MemoryMarshal.AsBytes(array.Data.AsSpan());
            stream.Write(bytes);
        }
    }

    /// <summary>Writes one U32 array (a masked secure-aggregation input: integers mod 2^32, not weights) as safetensors.</summary>
    public static void WriteUInt32(Stream stream, string name, ReadOnlySpan<uint> values)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("safetensors I/O is implemented for little-endian machines only.");
        ArgumentException.ThrowIfNullOrEmpty(name);
        var header = Pad(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            [name] = new { dtype = "U32", shape = new[] { values.Length }, data_offsets = new[] { 0L, 4L * values.Length } },
        }));
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        stream.Write(MemoryMarshal.AsBytes(values));
    }

    /// <summary>Reads a safetensors file into named float32 arrays (F32, F64, F16 and BF16 are accepted).</summary>
    public static ModelWeights Read(string path) => Read(path, out _);

    /// <summary>Reads a safetensors file and its string metadata.</summary>
    public static ModelWeights Read(string path, out IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"No safetensors file at '{path}'.", path);
        using var stream = File.OpenRead(path);
        try
        {
            return Read(stream, out metadata);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Reads safetensors content from a stream (<see cref="SafeTensorsReader"/>: array by array).</summary>
    public static ModelWeights Read(Stream stream, out IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var reader = SafeTensorsReader.Open(stream);
        metadata = reader.Metadata;
        return reader.ReadAll();
    }

    private static byte[] BuildHeader(ModelWeights weights, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(MetadataKey);
                foreach (var (k, v) in metadata) json.WriteString(k, v);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var array in weights.Arrays)
            {
                if (array.Name == MetadataKey) throw new ArgumentException($"'{MetadataKey}' cannot be a tensor name.");
                var bytes = (long)array.Length * sizeof(float);
                json.WriteStartObject(array.Name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (var d in array.Shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + bytes);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += bytes;
            }
            json.WriteEndObject();
        }
        return Pad(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>Pads with spaces so the data section starts 8-byte aligned, as the reference writer does.</summary>
    private static byte[] Pad(ReadOnlySpan<byte> json)
    {
        var header = new byte[(json.Length + 7) / 8 * 8];
        json.CopyTo(header);
        header.AsSpan(json.Length).Fill((byte)' ');
        return header;
    }
}
