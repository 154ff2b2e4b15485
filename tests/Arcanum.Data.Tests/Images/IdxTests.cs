using System.Buffers.Binary;
using System.IO.Compression;
using Arcanum.Data.Images;

namespace Arcanum.Data.Tests.Images;

public sealed class IdxTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arcanum-idx-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] Idx(int magic, int[] dims, byte[] data)
    {
        var bytes = new byte[4 + 4 * dims.Length + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (var i = 0; i < dims.Length; i++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), dims[i]);
        data.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }

    private string Write(string name, byte[] bytes, bool gzip)
    {
        var path = Path.Combine(_dir, name + (gzip ? ".gz" : ""));
        using var file = File.Create(path);
        if (gzip)
        {
            using var z = new GZipStream(file, CompressionLevel.Fastest);
            z.Write(bytes);
        }
        else
        {
            file.Write(bytes);
        }
        return path;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadImages_GeneratedFile_ReadsDimensionsAndPixels(bool gzip)
    {
        // Given: 3 images of 2x4
        var pixels = Enumerable.Range(0, 24).Select(i => (byte)(i * 10)).ToArray();
        var path = Write("imgs", Idx(0x803, [3, 2, 4], pixels), gzip);

        // When
        var images = Arcanum.Data.Images.Idx.ReadImages(path);

        // Then
        Assert.Equal((3, 2, 4), (images.Count, images.Rows, images.Columns));
        Assert.Equal(pixels, images.Pixels);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadLabels_GeneratedFile_ReadsLabels(bool gzip)
    {
        // Given
        var path = Write("labels", Idx(0x801, [4], [3, 0, 9, 1]), gzip);

        // When
        var labels = Arcanum.Data.Images.Idx.ReadLabels(path);

        // Then
        Assert.Equal([3, 0, 9, 1], labels);
    }

    [Fact]
    public void ReadLabels_ImageFile_ReportsMagic()
    {
        // Given
        var path = Write("imgs", Idx(0x803, [1, 1, 1], [0]), false);

        // When
        var error = Assert.Throws<InvalidDataException>(() => Arcanum.Data.Images.Idx.ReadLabels(path));

        // Then
        Assert.Contains("0x00000803", error.Message);
    }

    [Fact]
    public void ReadImages_Truncated_SaysSo()
    {
        // Given
        var path = Write("imgs", Idx(0x803, [2, 2, 2], [1, 2, 3]), true);

        // When
        var error = Assert.Throws<InvalidDataException>(() => Arcanum.Data.Images.Idx.ReadImages(path));

        // Then
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void FashionMnistLoad_GeneratedFolder_ScalesToUnitInterval()
    {
        // Given
        var pixels = new byte[2 * 28 * 28];
        pixels[0] = 255;
        pixels[28 * 28] = 51;
        Write("t10k-images-idx3-ubyte", Idx(0x803, [2, 28, 28], pixels), true);
        Write("t10k-labels-idx1-ubyte", Idx(0x801, [2], [9, 2]), true);

        // When
        var data = FashionMnist.Load(_dir, train: false);

        // Then
        Assert.Equal([1, 28, 28], data.SampleShape);
        Assert.Equal(10, data.ClassCount);
        Assert.Equal([9, 2], data.Labels);
        Assert.Equal(1f, data.Features[0]);
        Assert.Equal(0.2f, data.Features[28 * 28], 6);
    }

    [Fact]
    public void FashionMnistLoad_MissingFolder_SaysHowToInstall()
    {
        // When
        var error = Assert.Throws<FileNotFoundException>(() => FashionMnist.Load(Path.Combine(_dir, "none")));

        // Then
        Assert.Contains("apt-get install dataset-fashion-mnist", error.Message);
    }
}
