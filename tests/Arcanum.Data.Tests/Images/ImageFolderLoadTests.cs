using Arcanum.Data.Images;

namespace Arcanum.Data.Tests.Images;

public sealed class ImageFolderLoadTests : IDisposable
{
    private readonly ImageFixtures _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Load_SlicesWithMasks_BuildsASegmentationDatasetGroupedByPatient()
    {
        // Given two patients at two sites, one slice with tumour and one without
        _files.Slice("s1/p1", 1, tumour: true);
        _files.Slice("s2/p2", 1, tumour: false);

        // When
        var images = ImageFolder.Load(ImageFolder.Scan(_files.Root), 2);
        var dataset = images.ToDataset();

        // Then
        Assert.Equal([1, 2, 2], dataset.SampleShape);
        Assert.Equal([1, 0], dataset.Labels);
        Assert.Equal(["p1", "p2"], dataset.Groups!);
        Assert.Equal(["s1", "s2"], images.Sites);
        Assert.Equal([1, 0, 1, 0, 0, 0, 0, 0], dataset.Masks!);
        Assert.Equal(["s1", "s2"], images.ToDatasetsBySite().Keys);
    }

    [Fact]
    public void Load_EightAndSixteenBitGrey_ScaleByBitDepth()
    {
        // Given the same brightness as 8-bit 51 and 16-bit 13107 (both 0.2)
        _files.Grey8("p1/a.png", 1, 1, (_, _) => 51);
        _files.Grey16("p1/b.png", 1, 1, (_, _) => 13107);

        // When
        var images = ImageFolder.Load(ImageFolder.Scan(_files.Root, new() { RequireMasks = false }), 1);

        // Then
        Assert.Equal(0.2f, images.Pixels[0], 5);
        Assert.Equal(0.2f, images.Pixels[1], 5);
        Assert.Null(images.Masks);
    }

    [Fact]
    public void Load_HalvingAKnownImage_AveragesTwoByTwoBlocksAndKeepsHalfCoveredMaskPixels()
    {
        // Given a 4x4 image 0,40,80,120 along x and a mask covering 2 of 4 pixels of the first output pixel only
        _files.Grey8("p1/x.png", 4, 4, (x, _) => (byte)(40 * x));
        _files.Grey8("p1/x_mask.png", 4, 4, (x, y) => x == 0 && y < 2 ? (byte)1 : (byte)0);

        // When
        var images = ImageFolder.Load(ImageFolder.Scan(_files.Root), 2);

        // Then
        Assert.Equal([20 / 255f, 100 / 255f, 20 / 255f, 100 / 255f], images.Pixels.Select(v => (float)Math.Round(v, 6)),
            new FloatTolerance(1e-5f));
        Assert.Equal([1, 0, 0, 0], images.Masks!);
    }

    [Fact]
    public void Load_NiftiVolume_MinMaxScalesPerVolumeAndSlicesAlongTheThirdAxis()
    {
        // Given a 2x1x2 int16 volume of -100, 0 | 100, 300 with a mask on the second slice
        _files.Nifti("site/p.nii", [2, 1, 2], 4, [-100, 0, 100, 300]);
        _files.Nifti("site/p_mask.nii", [2, 1, 2], 2, [0, 0, 0, 7]);

        // When
        var images = ImageFolder.Load(ImageFolder.Scan(_files.Root), new ImageLoadOptions { Size = 2 });
        var dataset = images.ToDataset();

        // Then the first slice's columns are 0 and 0.25, bilinear-enlarged to 2x2
        Assert.Equal([0f, 0.25f, 0f, 0.25f], images.Pixels.Take(4));
        Assert.Equal([0.5f, 1f, 0.5f, 1f], images.Pixels.Skip(4));
        Assert.Equal([0, 1], dataset.Labels);
    }

    [Fact]
    public void Load_Dicom_AppliesRescaleAndMinMax()
    {
        // Given a 2x1 MONOCHROME2 frame stored 10, 20 with slope 2 and intercept -5
        _files.Dicom("p1/a.dcm", 2, 1, [10, 20], slope: 2, intercept: -5);
        _files.Dicom("p1/a_mask.dcm", 2, 1, [0, 1]);

        // When
        var images = ImageFolder.Load(ImageFolder.Scan(_files.Root), 2);

        // Then
        Assert.Equal([0f, 1f, 0f, 1f], images.Pixels);
        Assert.Equal([0, 1, 0, 1], images.Masks!);
    }

    [Fact]
    public void Load_CompressedDicom_SaysToDecompress()
    {
        _files.Dicom("p1/a.dcm", 2, 1, [10, 20], syntax: "1.2.840.10008.1.2.4.50");
        var records = ImageFolder.Scan(_files.Root, new() { RequireMasks = false });

        var error = Assert.Throws<ImageDataException>(() => ImageFolder.Load(records, 2));

        Assert.Contains("a.dcm", error.Message);
        Assert.Contains("compressed", error.Message);
    }

    [Fact]
    public void Load_CorruptImage_NamesTheFile()
    {
        _files.Slice("p1", 1, tumour: true);
        _files.Text("p1/002_flair.png", "not a png");
        _files.Grey8("p1/002_mask.png", 4, 4, (_, _) => 0);

        var error = Assert.Throws<ImageDataException>(() => ImageFolder.Load(ImageFolder.Scan(_files.Root), 2));

        Assert.Contains("002_flair.png", error.Message);
    }

    [Fact]
    public void Load_MaskOfAnotherSize_NamesMaskAndImage()
    {
        _files.Grey8("p1/a.png", 4, 4, (_, _) => 0);
        _files.Grey8("p1/a_mask.png", 3, 4, (_, _) => 0);

        var error = Assert.Throws<ImageDataException>(() => ImageFolder.Load(ImageFolder.Scan(_files.Root), 2));

        Assert.Contains("a_mask.png", error.Message);
        Assert.Contains("3x4", error.Message);
        Assert.Contains("4x4", error.Message);
    }

    [Fact]
    public void Load_GreyAndColourMixed_NamesTheFirstOfEach()
    {
        _files.Grey8("p1/a.png", 2, 2, (_, _) => 0);
        _files.Grey8("p1/b.png", 2, 2, (_, _) => 0);
        _files.Rgb("p1/c.png", 2, 2);
        var records = ImageFolder.Scan(_files.Root, new() { RequireMasks = false });

        var error = Assert.Throws<ImageDataException>(() => ImageFolder.Load(records, 2));

        Assert.Contains("a.png", error.Message);
        Assert.Contains("c.png", error.Message);
    }

    [Fact]
    public void Load_HugeClaimedSize_IsRefusedBeforeDecoding()
    {
        _files.Grey8("p1/big.png", 20, 3, (_, _) => 0);
        var records = ImageFolder.Scan(_files.Root, new() { RequireMasks = false });

        var error = Assert.Throws<ImageDataException>(() =>
            ImageFolder.Load(records, new ImageLoadOptions { Size = 2, MaxSide = 16 }));

        Assert.Contains("big.png", error.Message);
        Assert.Contains("20x3", error.Message);
    }

    [Fact]
    public void Load_AllMasksEmptyWhenForegroundRequired_Fails()
    {
        _files.Slice("p1", 1, tumour: false);
        var records = ImageFolder.Scan(_files.Root);

        var error = Assert.Throws<ImageDataException>(() =>
            ImageFolder.Load(records, new ImageLoadOptions { Size = 2, RequireForeground = true }));

        Assert.Contains("001_mask.png", error.Message);
        Assert.Equal(0, ImageFolder.Load(records, 2).ToDataset().Labels.Sum());
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
