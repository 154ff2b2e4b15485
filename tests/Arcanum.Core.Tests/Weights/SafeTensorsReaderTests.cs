using System.Buffers.Binary;
using System.Text;
using Arcanum.Core.Weights;

namespace Arcanum.Core.Tests.Weights;

public sealed class SafeTensorsReaderTests
{
    private static ModelWeights Sample(float scale = 1) => new([
        new NamedArray("fc1.weight", [2, 3], [1 * scale, 2 * scale, 3 * scale, 4 * scale, 5 * scale, 6 * scale]),
        new NamedArray("fc1.bias", [2], [-0.5f * scale, 0.25f * scale]),
    ]);

    private static byte[] Bytes(ModelWeights weights)
    {
        using var stream = new MemoryStream();
        SafeTensors.Write(stream, weights);
        return stream.ToArray();
    }

    /// <summary>A file with <paramref name="header"/> as its JSON header, then <paramref name="data"/>.</summary>
    private static byte[] Raw(string header, byte[] data)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + json.Length);
        return bytes;
    }

    [Fact]
    public void ReadNext_ArrayByArray_GivesTheWrittenValuesInFileOrder()
    {
        // Given
        var reader = SafeTensorsReader.Open(new MemoryStream(Bytes(Sample())));
        var weight = new float[6];
        var bias = new float[2];

        // When
        var first = reader.Next!.Name;
        reader.ReadNext(weight);
        var second = reader.Next!.Name;
        reader.ReadNext(bias);

        // Then
        Assert.Equal(("fc1.weight", "fc1.bias"), (first, second));
        Assert.Equal([1f, 2, 3, 4, 5, 6], weight);
        Assert.Equal([-0.5f, 0.25f], bias);
        Assert.Null(reader.Next);
    }

    [Fact]
    public void ReadNextPart_SmallBuffer_StreamsEachArrayInPiecesAndMovesOnAtItsEnd()
    {
        // Given: a 4-value buffer for a 6-value and a 2-value array
        var reader = SafeTensorsReader.Open(new MemoryStream(Bytes(Sample())));
        var buffer = new float[4];
        var pieces = new List<(string Name, float[] Values)>();

        // When
        while (reader.Next is { } entry)
        {
            var n = reader.ReadNextPart(buffer);
            pieces.Add((entry.Name, buffer[..n]));
        }

        // Then
        Assert.Equal(["fc1.weight", "fc1.weight", "fc1.bias"], pieces.Select(p => p.Name));
        Assert.Equal([1f, 2, 3, 4], pieces[0].Values);
        Assert.Equal([5f, 6], pieces[1].Values);
        Assert.Equal([-0.5f, 0.25f], pieces[2].Values);
    }

    [Fact]
    public void ReadNext_AfterAPartRead_Throws()
    {
        var reader = SafeTensorsReader.Open(new MemoryStream(Bytes(Sample())));
        reader.ReadNextPart(new float[4]);

        Assert.Throws<InvalidOperationException>(() => reader.ReadNext(new float[6]));
    }

    [Fact]
    public void ReadAll_WithMatchingBuffer_FillsItInPlaceWithTheNewValues()
    {
        // Given
        var buffer = SafeTensorsReader.Open(new MemoryStream(Bytes(Sample()))).ReadAll();
        var weightArray = buffer["fc1.weight"].Data;

        // When
        var read = SafeTensorsReader.Open(new MemoryStream(Bytes(Sample(scale: 3)))).ReadAll(buffer);

        // Then: the same arrays, now holding the second file's values.
        Assert.Same(weightArray, read["fc1.weight"].Data);
        Assert.Equal([3f, 6, 9, 12, 15, 18], read["fc1.weight"].Data);
        Assert.Equal([-1.5f, 0.75f], read["fc1.bias"].Data);
    }

    [Fact]
    public void ReadAll_BufferOfAnotherShape_AllocatesInsteadOfReusing()
    {
        // Given
        var other = new ModelWeights([new NamedArray("fc1.weight", [3, 2], new float[6])]);

        // When
        var read = SafeTensorsReader.Open(new MemoryStream(Bytes(Sample()))).ReadAll(other);

        // Then
        Assert.NotSame(other["fc1.weight"].Data, read["fc1.weight"].Data);
        Assert.Equal([2, 3], read["fc1.weight"].Shape);
        Assert.Equal(new float[6], other["fc1.weight"].Data);
    }

    [Fact]
    public void ReadAll_MatchesSafeTensorsRead()
    {
        // Given
        var bytes = Bytes(Sample(scale: 0.1f));

        // When
        var streamed = SafeTensorsReader.Open(new MemoryStream(bytes)).ReadAll();
        var whole = SafeTensors.Read(new MemoryStream(bytes), out _);

        // Then
        Assert.All(whole.Arrays, a => Assert.Equal(a.Data, streamed[a.Name].Data));
    }

    [Fact]
    public void Open_TruncatedData_IsRefusedBeforeAnyArrayIsRead()
    {
        // Given: the last 4 bytes (half the bias) are missing.
        var bytes = Bytes(Sample());
        var truncated = bytes.AsSpan(0, bytes.Length - 4).ToArray();

        // When
        var e = Assert.Throws<InvalidDataException>(() => SafeTensorsReader.Open(new MemoryStream(truncated)));

        // Then
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_TrailingBytes_AreRefused()
    {
        // Given
        var bytes = Bytes(Sample()).Concat(new byte[] { 1, 2, 3, 4 }).ToArray();

        // When
        var e = Assert.Throws<InvalidDataException>(() => SafeTensorsReader.Open(new MemoryStream(bytes)));

        // Then
        Assert.Contains("trailing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadNext_StreamEndingInsideAnArray_IsRefusedAsTruncated()
    {
        // Given: a stream that cannot tell its length (as a network stream would) and lacks the bias's last bytes.
        var bytes = Bytes(Sample());
        var reader = SafeTensorsReader.Open(new NonSeekable(bytes.AsSpan(0, bytes.Length - 4).ToArray()));
        reader.ReadNext(new float[6]);

        // When
        var e = Assert.Throws<InvalidDataException>(() => reader.ReadNext(new float[2]));

        // Then
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}""", "should take 8 bytes")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", "does not start where")]
    [InlineData("""{"a":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}""", "dtype I64")]
    [InlineData("""{"a":{"dtype":"F32","shape":"two","data_offsets":[0,8]}}""", "malformed")]
    [InlineData("""{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,8]}}""", "negative")]
    [InlineData("""{"a":""", "not valid JSON")]
    [InlineData("""{"a":{"dtype":"F32","shape":[null],"data_offsets":[0,4]}}""", "null dimension")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[null,4]}}""", "invalid data_offsets")]
    [InlineData("""{"a":{"dtype":"F32","shape":[65536,65536,65536,65536,65536],"data_offsets":[0,4]}}""", "more than one array can hold")]
    public void Open_CorruptHeader_IsRefusedWithTheReason(string header, string reason)
    {
        // Given
        var bytes = Raw(header, new byte[8]);

        // When
        var e = Assert.Throws<InvalidDataException>(() => SafeTensorsReader.Open(new MemoryStream(bytes)));

        // Then
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadNext_F16Array_IsConvertedToFloat32()
    {
        // Given
        var data = new byte[4];
        BinaryPrimitives.WriteHalfLittleEndian(data, (Half)1.5f);
        BinaryPrimitives.WriteHalfLittleEndian(data.AsSpan(2), (Half)(-2f));
        var header = """{"h":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}""";
        var reader = SafeTensorsReader.Open(new MemoryStream(Raw(header, data)));
        var values = new float[2];

        // When
        reader.ReadNext(values);

        // Then
        Assert.Equal([1.5f, -2f], values);
    }

    [Fact]
    public void ReadNext_DestinationOfWrongLength_Throws()
    {
        // Given
        var reader = SafeTensorsReader.Open(new MemoryStream(Bytes(Sample())));

        // When / Then
        Assert.Throws<ArgumentException>(() => reader.ReadNext(new float[5]));
    }

    private sealed class NonSeekable(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
