using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Arcanum.Core.Weights;

/// <summary>
/// Reads and writes the safetensors format (Hugging Face): an 8-byte little-endian header length,
/// a UTF-8 JSON header mapping each tensor name to its dtype, shape and byte range, then the raw
/// little-endian data. Files written here load with <c>safetensors.torch.load_file</c> and
/// Hugging Face tooling; arrays are written as F32 in model order, the header padded to 8 bytes.
/// </summary>
public static class SafeTensors
{
    private const int MaxHeaderBytes = 100 * 1024 * 1024;
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

    /// <summary>Reads safetensors content from a stream.</summary>
    public static ModelWeights Read(Stream stream, out IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength is 0 or > MaxHeaderBytes)
            throw new InvalidDataException($"not a safetensors file (header length {headerLength}).");
        var header = new byte[headerLength];
        stream.ReadExactly(header);

        JsonObject root;
        try
        {
            root = JsonNode.Parse(header)?.AsObject() ?? throw new InvalidDataException("empty safetensors header.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"the safetensors header is not valid JSON ({e.Message}).", e);
        }

        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        var entries = new List<(string Name, string Dtype, int[] Shape, long Begin, long End)>();
        foreach (var (name, node) in root)
        {
            if (name == MetadataKey)
            {
                if (node is JsonObject m)
                {
                    foreach (var (k, v) in m) meta[k] = v?.GetValue<string>() ?? "";
                }
                continue;
            }
            if (node is not JsonObject info) throw new InvalidDataException($"tensor '{name}' has no description.");
            var dtype = info["dtype"]?.GetValue<string>() ?? throw new InvalidDataException($"tensor '{name}' has no dtype.");
            var shape = info["shape"]?.AsArray().Select(d => d!.GetValue<int>()).ToArray() ?? throw new InvalidDataException($"tensor '{name}' has no shape.");
            var offsets = info["data_offsets"]?.AsArray().Select(d => d!.GetValue<long>()).ToArray();
            if (offsets is not { Length: 2 } || offsets[0] < 0 || offsets[1] < offsets[0])
                throw new InvalidDataException($"tensor '{name}' has invalid data_offsets.");
            entries.Add((name, dtype, shape, offsets[0], offsets[1]));
        }

        // The data section is read in offset order; names keep the file's offset order, which is
        // the model order for files Arcanum writes.
        entries.Sort((a, b) => a.Begin.CompareTo(b.Begin));
        var arrays = new List<NamedArray>(entries.Count);
        long position = 0;
        foreach (var (name, dtype, shape, begin, end) in entries)
        {
            if (begin != position) throw new InvalidDataException($"tensor '{name}' does not start where the previous one ended (offset {begin}, expected {position}).");
            var count = shape.Aggregate(1L, (a, b) => a * b);
            var elementSize = ElementSize(dtype, name);
            if ((end - begin) != count * elementSize)
                throw new InvalidDataException($"tensor '{name}' ({dtype} [{string.Join(", ", shape)}]) should take {count * elementSize} bytes but takes {end - begin}.");
            if (dtype == "F32")
            {
                // The common case reads straight into the array: no second copy of the model.
                var values = new float[count];
                stream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
                arrays.Add(new NamedArray(name, shape, values));
            }
            else
            {
                var raw = new byte[end - begin];
                stream.ReadExactly(raw);
                arrays.Add(new NamedArray(name, shape, ToFloat(raw, dtype, (int)count)));
            }
            position = end;
        }
        metadata = meta;
        return new ModelWeights(arrays);
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
        // Pad with spaces so the data section starts 8-byte aligned, as the reference writer does.
        var length = (int)buffer.Length;
        var padded = (length + 7) / 8 * 8;
        var header = new byte[padded];
        buffer.GetBuffer().AsSpan(0, length).CopyTo(header);
        header.AsSpan(length).Fill((byte)' ');
        return header;
    }

    private static int ElementSize(string dtype, string name) => dtype switch
    {
        "F32" => 4,
        "F64" => 8,
        "F16" or "BF16" => 2,
        _ => throw new InvalidDataException($"tensor '{name}' has dtype {dtype}; Arcanum reads F32, F64, F16 and BF16."),
    };

    private static float[] ToFloat(byte[] raw, string dtype, int count)
    {
        var result = new float[count];
        switch (dtype)
        {
            case "F32":
                MemoryMarshal.Cast<byte, float>(raw).CopyTo(result);
                break;
            case "F64":
                for (var i = 0; i < count; i++) result[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(raw.AsSpan(i * 8));
                break;
            case "F16":
                for (var i = 0; i < count; i++) result[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(raw.AsSpan(i * 2));
                break;
            case "BF16":
                for (var i = 0; i < count; i++)
                {
                    var bits = (uint)BinaryPrimitives.ReadUInt16LittleEndian(raw.AsSpan(i * 2)) << 16;
                    result[i] = BitConverter.UInt32BitsToSingle(bits);
                }
                break;
        }
        return result;
    }
}
