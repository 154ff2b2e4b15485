using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Arcanum.Core.Weights;

/// <summary>
/// Reads safetensors content one array at a time, in the order the arrays lie in the stream: the
/// header is parsed and checked up front, then each array is read into a buffer the caller owns.
/// Lets the server take a site's upload into a reused buffer instead of allocating a model per
/// upload. A damaged file (truncated, overlapping or gapped offsets, sizes that do not add up) is
/// refused with <see cref="InvalidDataException"/>.
/// </summary>
public sealed class SafeTensorsReader
{
    private const int MaxHeaderBytes = 100 * 1024 * 1024;
    private const string MetadataKey = "__metadata__";

    private readonly Stream _stream;
    private int _next;
    private long _readOfNext;

    private SafeTensorsReader(Stream stream, List<SafeTensorsEntry> entries, Dictionary<string, string> metadata)
    {
        _stream = stream;
        Entries = entries;
        Metadata = metadata;
    }

    /// <summary>The arrays in the order their data lies in the stream.</summary>
    public IReadOnlyList<SafeTensorsEntry> Entries { get; }

    /// <summary>The header's <c>__metadata__</c> strings (empty when there are none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The entry <see cref="ReadNext"/> reads next, or null when every array has been read.</summary>
    public SafeTensorsEntry? Next => _next < Entries.Count ? Entries[_next] : null;

    /// <summary>Reads and checks the header; the stream is left at the first array's data.</summary>
    public static SafeTensorsReader Open(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("safetensors I/O is implemented for little-endian machines only.");
        Span<byte> lengthBytes = stackalloc byte[8];
        ReadExactly(stream, lengthBytes, "the header length");
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength is 0 or > MaxHeaderBytes)
            throw new InvalidDataException($"not a safetensors file (header length {headerLength}).");
        var header = new byte[headerLength];
        ReadExactly(stream, header, "the header");
        var (entries, metadata) = ParseHeader(header);
        if (stream.CanSeek)
        {
            var declared = entries.Count == 0 ? 0 : entries[^1].End;
            var present = stream.Length - stream.Position;
            if (present != declared)
                throw new InvalidDataException(
                    $"the header describes {declared} bytes of data but the file holds {present}: " +
                    "it is truncated or has trailing bytes.");
        }
        return new SafeTensorsReader(stream, entries, metadata);
    }

    /// <summary>
    /// Reads the next values of the array <see cref="Next"/> names into <paramref name="destination"/>, at most its length,
    /// and returns how many; once an array is read to its end, <see cref="Next"/> moves on. Lets a caller stream an array
    /// of any size through one small buffer (the server folds a site's upload this way, never holding it whole).
    /// </summary>
    public int ReadNextPart(Span<float> destination)
    {
        var entry = Next ?? throw new InvalidOperationException("Every array has been read.");
        if (destination.IsEmpty) throw new ArgumentException("The destination holds no values.", nameof(destination));
        var count = (int)Math.Min(destination.Length, entry.Count - _readOfNext);
        var part = destination[..count];
        if (entry.Dtype == "F32")
        {
            ReadExactly(_stream, MemoryMarshal.AsBytes(part), $"tensor '{entry.Name}'");
        }
        else
        {
            var bytes = count * SafeTensorsDtypes.ElementSize(entry.Dtype, entry.Name);
            var raw = ArrayPool<byte>.Shared.Rent(bytes);
            try
            {
                ReadExactly(_stream, raw.AsSpan(0, bytes), $"tensor '{entry.Name}'");
                SafeTensorsDtypes.ToFloat(raw.AsSpan(0, bytes), entry.Dtype, part);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(raw);
            }
        }
        _readOfNext += count;
        if (_readOfNext == entry.Count)
        {
            _next++;
            _readOfNext = 0;
        }
        return count;
    }

    /// <summary>Reads the next array into <paramref name="destination"/>, which must hold exactly its values.</summary>
    public void ReadNext(Span<float> destination)
    {
        var entry = Next ?? throw new InvalidOperationException("Every array has been read.");
        if (_readOfNext != 0) throw new InvalidOperationException($"Array '{entry.Name}' is part-read; finish it with ReadNextPart.");
        if (destination.Length != entry.Count)
            throw new ArgumentException(
                $"Array '{entry.Name}' has {entry.Count} values; the destination holds {destination.Length}.",
                nameof(destination));
        if (entry.Count == 0) _next++;
        else ReadNextPart(destination);
    }

    /// <summary>
    /// Reads the next values of the array <see cref="Next"/> names, which must be U32 (a masked secure-aggregation input), into
    /// <paramref name="destination"/>, at most its length, and returns how many; like <see cref="ReadNextPart"/> for floats.
    /// </summary>
    public int ReadNextUInt32Part(Span<uint> destination)
    {
        var entry = Next ?? throw new InvalidOperationException("Every array has been read.");
        if (entry.Dtype != "U32") throw new InvalidDataException($"tensor '{entry.Name}' is {entry.Dtype}; U32 was expected.");
        if (destination.IsEmpty) throw new ArgumentException("The destination holds no values.", nameof(destination));
        var count = (int)Math.Min(destination.Length, entry.Count - _readOfNext);
        ReadExactly(_stream, MemoryMarshal.AsBytes(destination[..count]), $"tensor '{entry.Name}'");
        _readOfNext += count;
        if (_readOfNext == entry.Count)
        {
            _next++;
            _readOfNext = 0;
        }
        return count;
    }

    /// <summary>
    /// Reads every remaining array. Arrays of <paramref name="reuse"/> whose name and shape match are
    /// filled in place and returned again (their old values are overwritten); others are allocated.
    /// </summary>
    public ModelWeights ReadAll(ModelWeights? reuse = null)
    {
        var arrays = new List<NamedArray>(Entries.Count - _next);
        while (Next is { } entry)
        {
            var fits = reuse is not null && reuse.Contains(entry.Name)
                && reuse[entry.Name].Shape.AsSpan().SequenceEqual(entry.Shape);
            var target = fits
                ? reuse![entry.Name]
                : new NamedArray(entry.Name, (int[])entry.Shape.Clone(),
                    GC.AllocateUninitializedArray<float>((int)entry.Count));
            ReadNext(target.Data);
            arrays.Add(target);
        }
        return new ModelWeights(arrays);
    }

    private static (List<SafeTensorsEntry> Entries, Dictionary<string, string> Metadata) ParseHeader(byte[] header)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(header)?.AsObject() ?? throw new InvalidDataException("empty safetensors header.");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new InvalidDataException($"the safetensors header is not valid JSON ({e.Message}).", e);
        }
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var entries = new List<SafeTensorsEntry>();
        try
        {
            foreach (var (name, node) in root)
            {
                if (name == MetadataKey)
                {
                    if (node is JsonObject m)
                    {
                        foreach (var (k, v) in m) metadata[k] = v?.GetValue<string>() ?? "";
                    }
                    continue;
                }
                entries.Add(Entry(name, node));
            }
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"the safetensors header is malformed ({e.Message}).", e);
        }
        // Data is read in offset order; names keep the file's offset order, the model order for files Arcanum writes.
        entries.Sort((a, b) => a.Begin.CompareTo(b.Begin));
        long position = 0;
        foreach (var e in entries)
        {
            if (e.Begin != position)
                throw new InvalidDataException(
                    $"tensor '{e.Name}' does not start where the previous one ended " +
                    $"(offset {e.Begin}, expected {position}).");
            position = e.End;
        }
        return (entries, metadata);
    }

    private static SafeTensorsEntry Entry(string name, JsonNode? node)
    {
        if (node is not JsonObject info) throw new InvalidDataException($"tensor '{name}' has no description.");
        var dtype = info["dtype"]?.GetValue<string>()
            ?? throw new InvalidDataException($"tensor '{name}' has no dtype.");
        var shape = info["shape"]?.AsArray().Select(d => (d ?? throw new InvalidDataException($"tensor '{name}' has a null dimension.")).GetValue<int>()).ToArray()
            ?? throw new InvalidDataException($"tensor '{name}' has no shape.");
        if (shape.Any(d => d < 0)) throw new InvalidDataException($"tensor '{name}' has a negative dimension.");
        var offsets = info["data_offsets"]?.AsArray().Select(d => d?.GetValue<long>() ?? -1).ToArray();
        if (offsets is not { Length: 2 } || offsets[0] < 0 || offsets[1] < offsets[0])
            throw new InvalidDataException($"tensor '{name}' has invalid data_offsets.");
        // No product of dimensions wraps around: one above Array.MaxLength stops the count.
        var count = shape.Aggregate(1L, (a, b) => a > Array.MaxLength ? a : a * b);
        if (count > Array.MaxLength)
            throw new InvalidDataException($"tensor '{name}' has {count} values, more than one array can hold.");
        var elementSize = SafeTensorsDtypes.ElementSize(dtype, name);
        if (offsets[1] - offsets[0] != count * elementSize)
            throw new InvalidDataException($"tensor '{name}' ({dtype} [{string.Join(", ", shape)}]) should take " +
                                           $"{count * elementSize} bytes but takes {offsets[1] - offsets[0]}.");
        return new SafeTensorsEntry(name, dtype, shape, count, offsets[0], offsets[1]);
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string what)
    {
        try
        {
            stream.ReadExactly(buffer);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"the safetensors content ends inside {what}: it is truncated.", e);
        }
    }
}
