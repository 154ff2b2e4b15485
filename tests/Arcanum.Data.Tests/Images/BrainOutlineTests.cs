using Arcanum.Data.Images;

namespace Arcanum.Data.Tests.Images;

public sealed class BrainOutlineTests
{
    private const int Size = 32;

    [Fact]
    public void FromImage_DiscWithHoleAndSpeck_FillsTheHoleAndDropsTheSpeck()
    {
        // Given a bright disc with a dark hole in its middle, and a bright 2x2 speck in a corner
        var disc = Planes.Disc(Size, 16, 16, 10);
        var hole = Planes.Disc(Size, 16, 16, 3);
        var speck = Planes.Rect(Size, 1, 1, 2, 2);
        var pixels = Image((x, y) => speck[y * Size + x] != 0 ? 0.9f
            : hole[y * Size + x] != 0 ? 0f
            : disc[y * Size + x] != 0 ? 0.7f : 0.01f);

        // When
        var outline = BrainOutline.FromImage(pixels, Size);

        // Then the outline is the whole disc, hole included, and nothing else
        Assert.Equal(disc, outline);
    }

    [Fact]
    public void FromImage_SkullRingWithAOnePixelGap_IsClosedAndFilled()
    {
        // Given a bright ring (a skull) around a dark inside, broken by a one-pixel gap at its right
        var ring = Planes.Draw(Size, (x, y) =>
        {
            var r2 = (x - 16) * (x - 16) + (y - 16) * (y - 16);
            return r2 is >= 64 and <= 121 && !(y == 16 && x > 16);
        });
        var pixels = Image((x, y) => ring[y * Size + x] != 0 ? 0.8f : 0f);

        // When
        var outline = BrainOutline.FromImage(pixels, Size);

        // Then the closing bridges the gap, so the dark inside is filled as inside the head
        Assert.Equal(1, outline[16 * Size + 16]);
        Assert.Equal(1, outline[16 * Size + 20]);
        Assert.True(Planes.Within(outline, Planes.Disc(Size, 16, 16, 11.5)));
        Assert.True(TumourEdits.Area(outline) >= TumourEdits.Area(Planes.Disc(Size, 16, 16, 10.5)));
    }

    [Fact]
    public void FromImage_AllDark_IsAllZero()
    {
        var outline = BrainOutline.FromImage(Image((_, _) => 0.02f), Size);

        Assert.All(outline, v => Assert.Equal(0, v));
    }

    [Fact]
    public void FromImage_WrongPixelCount_Throws()
    {
        Assert.Throws<ArgumentException>(() => BrainOutline.FromImage(new float[10], 4));
    }

    [Fact]
    public void ForAll_TumourReachingPastTheHead_IsInsideTheOutline()
    {
        // Given two grey slices: a disc whose tumour pokes out of it, and an all-dark slice with no tumour
        var disc = Planes.Disc(Size, 16, 16, 8);
        var tumour = Planes.Rect(Size, 20, 14, 8, 4);
        var pixels = Image((x, y) => disc[y * Size + x] != 0 ? 0.5f : 0f).Concat(new float[Size * Size]).ToArray();
        var masks = tumour.Concat(new byte[Size * Size]).ToArray();
        var images = new LoadedImages(pixels, masks, ["p", "p"], ["s", "s"], 1, Size);

        // When
        var outlines = BrainOutline.ForAll(images);

        // Then the first outline is the disc plus the tumour; the second is empty
        Assert.Equal(Planes.Or(disc, tumour), outlines[..(Size * Size)]);
        Assert.All(outlines[(Size * Size)..], v => Assert.Equal(0, v));
    }

    [Fact]
    public void ForAll_ColourImages_ThrowsArgumentException()
    {
        var images = new LoadedImages(new float[3 * 16], null, ["p"], ["s"], 3, 4);

        var error = Assert.Throws<ArgumentException>(() => BrainOutline.ForAll(images));

        Assert.Contains("grey", error.Message, StringComparison.Ordinal);
    }

    private static float[] Image(Func<int, int, float> value)
    {
        var pixels = new float[Size * Size];
        for (var y = 0; y < Size; y++)
            for (var x = 0; x < Size; x++) pixels[y * Size + x] = value(x, y);
        return pixels;
    }

    [Theory]
    [InlineData(8, 1)]
    [InlineData(32, 1)]
    [InlineData(64, 2)]
    [InlineData(128, 4)]
    [InlineData(256, 8)]
    public void RimWidth_IsOneThirtySecondOfTheSide_AtLeastOne(int size, int width)
    {
        Assert.Equal(width, BrainOutline.RimWidth(size));
    }

    [Fact]
    public void Interior_At64_PeelsATwoPixelRimAlongTheOutlineAndTheImageEdge()
    {
        // Given at 64x64 a head that fills the left half, touching three edges of the image
        const int size = 64;
        var outline = Planes.Rect(size, 0, 0, 32, size);

        // When
        var interior = BrainOutline.Interior(outline, size);

        // Then two pixels go on every side: at the head's edge and where it meets the image's
        Assert.Equal(Planes.Rect(size, 2, 2, 28, size - 4), interior);
    }

    [Fact]
    public void Interior_OfADisc_IsTheDiscOneRimNarrower()
    {
        var disc = Planes.Disc(Size, 16, 16, 10);

        var interior = BrainOutline.Interior(disc, Size);

        Assert.True(Planes.Within(interior, disc));
        Assert.True(Planes.Within(Planes.Disc(Size, 16, 16, 8.5), interior));
        Assert.Equal(0, interior[16 * Size + 16 - 10]);
    }

    [Fact]
    public void Interior_OutlineWithNoInterior_IsTheOutlineItself()
    {
        var sliver = Planes.Rect(Size, 4, 4, 1, 6);

        Assert.Equal(sliver, BrainOutline.Interior(sliver, Size));
    }

    [Fact]
    public void Depth_OfARectangle_CountsSquareStepsToTheOutsideOrTheImageEdge()
    {
        // Given a 5x4 block at (2, 3), and a 3x3 block in the image's top-left corner
        var block = Planes.Rect(Size, 2, 3, 5, 4);
        var corner = Planes.Rect(Size, 0, 0, 3, 3);

        var depth = BrainOutline.Depth(block, Size);
        var cornerDepth = BrainOutline.Depth(corner, Size);

        // Then the block's edge is 1 deep, its middle rows 2, outside 0; in the corner the image's edge is outside too
        Assert.Equal(1, depth[3 * Size + 2]);
        Assert.Equal(2, depth[4 * Size + 3]);
        Assert.Equal(2, depth[5 * Size + 5]);
        Assert.Equal(1, depth[6 * Size + 4]);
        Assert.Equal(0, depth[2 * Size + 2]);
        Assert.Equal(1, cornerDepth[0]);
        Assert.Equal(2, cornerDepth[1 * Size + 1]);
        Assert.Equal(1, cornerDepth[2 * Size + 2]);
    }
}
