using Arcanum.Data.Images;

namespace Arcanum.Data.Tests.Images;

public sealed class NiftiReaderTests : IDisposable
{
    private readonly ImageFixtures _files = new();

    public void Dispose() => _files.Dispose();

    public static TheoryData<short, bool, string> Kinds()
    {
        var data = new TheoryData<short, bool, string>();
        foreach (short type in new short[] { 2, 4, 512, 8, 16, 64 })
        {
            foreach (var big in new[] { false, true })
            {
                data.Add(type, big, ".nii");
                data.Add(type, big, ".nii.gz");
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void ReadVoxels_EachDatatypeByteOrderAndCompression_RoundTrips(short datatype, bool bigEndian, string ext)
    {
        // Given a 3x2x2 volume of distinct values that every datatype holds
        var values = Enumerable.Range(0, 12).Select(i => (double)(i * 20 + 5)).ToArray();
        var path = _files.Nifti("v" + ext, [3, 2, 2], datatype, values, bigEndian);

        // When
        var header = NiftiReader.ReadHeader(path);
        var voxels = NiftiReader.ReadVoxels(path, header);

        // Then
        Assert.Equal((3, 2, 2, bigEndian), (header.Width, header.Height, header.Depth, header.BigEndian));
        Assert.Equal(values.Select(v => (float)v), voxels);
    }

    [Fact]
    public void ReadVoxels_SlopeAndIntercept_AreApplied()
    {
        var path = _files.Nifti("v.nii", [2, 1, 1], 4, [1, 3], slope: 2, intercept: -1);

        var voxels = NiftiReader.ReadVoxels(path, NiftiReader.ReadHeader(path));

        Assert.Equal([1f, 5f], voxels);
    }

    [Fact]
    public void ReadHeader_FourDimensionalSeries_IsRefusedWithTheReason()
    {
        var path = _files.Nifti("v.nii", [2, 2, 2, 3], 2, new double[24]);

        var error = Assert.Throws<ImageDataException>(() => NiftiReader.ReadHeader(path));

        Assert.Contains("v.nii", error.Message);
        Assert.Contains("4-D", error.Message);
    }

    [Fact]
    public void ReadHeader_FourDimensionsWithOneTimePoint_IsAVolume()
    {
        var path = _files.Nifti("v.nii", [2, 2, 2, 1], 2, new double[8]);

        Assert.Equal(2, NiftiReader.ReadHeader(path).Depth);
    }

    [Fact]
    public void ReadHeader_Nifti2_IsRefused()
    {
        var path = _files.PathOf("v.nii");
        File.WriteAllBytes(path, ImageFixtures.NiftiBytes([2, 2, 1], 2, new double[4], sizeofHdr: 540));

        var error = Assert.Throws<ImageDataException>(() => NiftiReader.ReadHeader(path));

        Assert.Contains("NIfTI-2", error.Message);
    }

    [Fact]
    public void ReadHeader_UnsupportedDatatype_NamesIt()
    {
        var path = _files.PathOf("v.nii");
        File.WriteAllBytes(path, ImageFixtures.NiftiBytes([2, 2, 1], 32, new double[8]));

        var error = Assert.Throws<ImageDataException>(() => NiftiReader.ReadHeader(path));

        Assert.Contains("datatype 32", error.Message);
    }

    [Theory]
    [InlineData("v.nii")]
    [InlineData("v.nii.gz")]
    public void ReadVoxels_TruncatedFile_SaysTruncated(string name)
    {
        // Given a volume missing its last voxel bytes
        var bytes = ImageFixtures.NiftiBytes([4, 4, 4], 4, new double[64]);
        var path = _files.PathOf(name);
        using (var file = File.Create(path))
        using (Stream target = name.EndsWith(".gz") ? new System.IO.Compression.GZipStream(file,
                   System.IO.Compression.CompressionLevel.Fastest) : file)
        {
            target.Write(bytes.AsSpan(0, bytes.Length - 10));
        }

        // When
        var error = Assert.Throws<ImageDataException>(() => NiftiReader.ReadVoxels(path, NiftiReader.ReadHeader(path)));

        // Then
        Assert.Contains(name, error.Message);
        Assert.Contains("truncated", error.Message);
    }
}
