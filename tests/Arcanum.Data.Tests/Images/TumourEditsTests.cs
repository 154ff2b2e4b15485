using Arcanum.Data.Images;

namespace Arcanum.Data.Tests.Images;

public sealed class TumourEditsTests
{
    private const int Size = 32;

    private static readonly byte[] WholeImage = Planes.Rect(Size, 0, 0, Size, Size);

    [Fact]
    public void Scale_SquareByTwoInABigBrain_QuadruplesTheAreaAboutTheCentroid()
    {
        // Given a 4x4 tumour in a brain that fills the image
        var tumour = Planes.Rect(Size, 14, 14, 4, 4);

        // When
        var scaled = TumourEdits.Scale(tumour, WholeImage, Size, 2);

        // Then it is the 8x8 square about the same centre
        Assert.Equal(64, TumourEdits.Area(scaled));
        Assert.Equal(Planes.Rect(Size, 12, 12, 8, 8), scaled);
    }

    [Fact]
    public void Scale_ByAHalf_QuartersTheArea()
    {
        var tumour = Planes.Rect(Size, 8, 8, 8, 8);

        var scaled = TumourEdits.Scale(tumour, WholeImage, Size, 0.5);

        Assert.Equal(16, TumourEdits.Area(scaled));
        Assert.Equal(Planes.Centroid(tumour, Size), Planes.Centroid(scaled, Size));
    }

    [Fact]
    public void Scale_SmallBrain_IsClippedToTheBrainsInterior()
    {
        // Given a 6x6 brain around a 4x4 tumour that would grow to 8x8
        var brain = Planes.Rect(Size, 13, 13, 6, 6);
        var tumour = Planes.Rect(Size, 14, 14, 4, 4);

        // When
        var scaled = TumourEdits.Scale(tumour, brain, Size, 2);

        // Then it fills the brain less its one-pixel rim (the skull, at this size) and goes no further
        Assert.Equal(Planes.Rect(Size, 14, 14, 4, 4), scaled);
    }

    [Fact]
    public void Scale_EmptyTumour_StaysEmpty()
    {
        var scaled = TumourEdits.Scale(new byte[Size * Size], WholeImage, Size, 3);

        Assert.Equal(0, TumourEdits.Area(scaled));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Scale_FactorNotAboveZeroOrNotFinite_Throws(double factor)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            TumourEdits.Scale(Planes.Rect(Size, 1, 1, 2, 2), WholeImage, Size, factor));
    }

    [Fact]
    public void Move_InsideTheBrain_ShiftsTheCentroidAndKeepsTheArea()
    {
        var tumour = Planes.Rect(Size, 10, 10, 3, 3);

        var moved = TumourEdits.Move(tumour, WholeImage, Size, 5, -3);

        Assert.Equal(9, TumourEdits.Area(moved));
        Assert.Equal((16.0, 8.0), Planes.Centroid(moved, Size));
    }

    [Fact]
    public void Move_IntoTheRimAndPastTheImageEdge_DropsWhatFallsOutsideTheInterior()
    {
        // Given a brain of the left half (x 0-15; at this size its interior ends one pixel inside, at x 14 and y 1)
        // and a 4x4 tumour at x 10-13, y 4-7
        var brain = Planes.Rect(Size, 0, 0, Size / 2, Size);
        var tumour = Planes.Rect(Size, 10, 4, 4, 4);

        // When it moves 3 right (into the rim and out of the brain) and 5 up (out of the image)
        var moved = TumourEdits.Move(tumour, brain, Size, 3, -5);

        // Then only the 2x2 corner inside the interior remains: not the rim column x 15 nor the rim row y 0
        Assert.Equal(Planes.Rect(Size, 13, 1, 2, 2), moved);
    }

    [Fact]
    public void Transplant_TumourThatFits_LandsInsideTheTargetBrainWithItsShapeAndArea()
    {
        // Given a 4x3 tumour (one corner missing) in the top-left and a target brain in the bottom-right
        var source = Planes.Rect(Size, 2, 2, 4, 3);
        source[2 * Size + 2] = 0;
        var brain = Planes.Disc(Size, 21, 21, 9);

        // When
        var placed = TumourEdits.Transplant(source, Size, brain, new Random(7));

        // Then all 11 pixels are inside the brain, in the source's shape
        Assert.Equal(11, TumourEdits.Area(placed));
        Assert.True(Planes.Within(placed, brain));
        var (cx, cy) = Planes.Centroid(placed, Size);
        var (sx, sy) = Planes.Centroid(source, Size);
        Assert.Equal(source, TumourEdits.Move(placed, WholeImage, Size, (int)Math.Round(sx - cx),
            (int)Math.Round(sy - cy)));
    }

    [Fact]
    public void Transplant_SameSeed_SamePlacement()
    {
        var source = Planes.Rect(Size, 2, 2, 3, 3);
        var brain = Planes.Disc(Size, 16, 16, 12);

        var first = TumourEdits.Transplant(source, Size, brain, new Random(3));
        var second = TumourEdits.Transplant(source, Size, brain, new Random(3));

        Assert.Equal(first, second);
    }

    [Fact]
    public void Transplant_TumourLargerThanTheBrain_IsClippedToTheBrainsInterior()
    {
        var source = Planes.Rect(Size, 0, 0, 12, 12);
        var brain = Planes.Rect(Size, 20, 20, 5, 5);

        var placed = TumourEdits.Transplant(source, Size, brain, new Random(1));

        Assert.Equal(Planes.Rect(Size, 21, 21, 3, 3), placed);
    }

    [Fact]
    public void Transplant_BrainTooSmallForAnInterior_UsesTheWholeBrain()
    {
        // A 2x2 brain has no pixel a rim's width from its edge; it still takes a tumour
        var source = Planes.Rect(Size, 0, 0, 3, 3);
        var brain = Planes.Rect(Size, 10, 10, 2, 2);

        var placed = TumourEdits.Transplant(source, Size, brain, new Random(1));

        Assert.Equal(brain, placed);
    }

    [Fact]
    public void Transplant_EmptySourceOrEmptyBrain_GivesAnEmptyMask()
    {
        var empty = new byte[Size * Size];
        var square = Planes.Rect(Size, 4, 4, 3, 3);

        Assert.Equal(empty, TumourEdits.Transplant(empty, Size, WholeImage, new Random(1)));
        Assert.Equal(empty, TumourEdits.Transplant(square, Size, empty, new Random(1)));
    }

    [Theory]
    [InlineData("3,-4", 3, -4)]
    [InlineData(" -10 , 0 ", -10, 0)]
    [InlineData("+2,5", 2, 5)]
    public void ParseOffset_TwoWholeNumbers_AreDxAndDy(string text, int dx, int dy)
    {
        Assert.Equal((dx, dy), TumourEdits.ParseOffset(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("3")]
    [InlineData("1,2,3")]
    [InlineData("1.5,2")]
    [InlineData("a,b")]
    [InlineData("1;2")]
    public void ParseOffset_BadText_ThrowsFormatExceptionNamingTheForm(string text)
    {
        var error = Assert.Throws<FormatException>(() => TumourEdits.ParseOffset(text));

        Assert.Contains("'dx,dy'", error.Message, StringComparison.Ordinal);
    }
}
