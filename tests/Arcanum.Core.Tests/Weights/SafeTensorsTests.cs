using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Arcanum.Core.Weights;

namespace Arcanum.Core.Tests.Weights;

public sealed class SafeTensorsTests
{
    private static ModelWeights Sample() => new([
        new NamedArray("fc1.weight", [2, 3], [1, 2, 3, 4, 5, 6]),
        new NamedArray("fc1.bias", [2], [-0.5f, 0.25f]),
        new NamedArray("scalar", [], [42]),
    ]);

    [Fact]
    public void Write_ThenRead_RoundTripsNamesShapesValuesAndOrder()
    {
        // Given
        using var stream = new MemoryStream();
        SafeTensors.Write(stream, Sample(), new Dictionary<string, string> { ["format"] = "pt" });
        stream.Position = 0;

        // When
        var read = SafeTensors.Read(stream, out var metadata);

        // Then
        Assert.Equal(["fc1.weight", "fc1.bias", "scalar"], read.Arrays.Select(a => a.Name));
        Assert.Equal([2, 3], read["fc1.weight"].Shape);
        Assert.Equal([1f, 2, 3, 4, 5, 6], read["fc1.weight"].Data);
        Assert.Equal([-0.5f, 0.25f], read["fc1.bias"].Data);
        Assert.Empty(read["scalar"].Shape);
        Assert.Equal("pt", metadata["format"]);
    }

    [Fact]
    public void Write_FollowsTheSpecLayout()
    {
        // Given
        using var stream = new MemoryStream();

        // When
        SafeTensors.Write(stream, Sample());
        var bytes = stream.ToArray();

        // Then: u64 LE header length, a JSON header padded to 8 bytes, then contiguous LE float32 data.
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, headerLength % 8);
        var header = JsonDocument.Parse(Encoding.UTF8.GetString(bytes, 8, headerLength).TrimEnd(' ')).RootElement;
        var weight = header.GetProperty("fc1.weight");
        Assert.Equal("F32", weight.GetProperty("dtype").GetString());
        Assert.Equal([0L, 24L], weight.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal([24L, 32L], header.GetProperty("fc1.bias").GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(8 + headerLength + (6 + 2 + 1) * 4, bytes.Length);
        Assert.Equal(-0.5f, BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(8 + headerLength + 24)));
    }

    [Fact]
    public void Read_TruncatedFile_ThrowsInvalidData()
    {
        // Given
        using var full = new MemoryStream();
        SafeTensors.Write(full, Sample());
        var truncated = full.ToArray()[..^5];

        // When / Then
        Assert.ThrowsAny<Exception>(() => SafeTensors.Read(new MemoryStream(truncated), out _));
    }

    [Fact]
    public void Read_NotSafetensors_ThrowsWithClearMessage()
    {
        // Given
        var garbage = Encoding.UTF8.GetBytes("ptno;unit;tment\n1;2;3\n");

        // When
        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(new MemoryStream(garbage), out _));

        // Then
        Assert.Contains("not a safetensors file", e.Message);
    }

    [Fact]
    public void WriteFile_LeavesNoTempFileBehind()
    {
        // Given
        var dir = Directory.CreateTempSubdirectory("arcanum-st-");
        var path = Path.Combine(dir.FullName, "model.safetensors");

        // When
        SafeTensors.Write(path, Sample());

        // Then
        Assert.Equal(["model.safetensors"], dir.GetFiles().Select(f => f.Name));
        Assert.Equal(Sample().ParameterCount, SafeTensors.Read(path).ParameterCount);
        dir.Delete(true);
    }
}
