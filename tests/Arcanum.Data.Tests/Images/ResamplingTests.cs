using Arcanum.Data.Images;

namespace Arcanum.Data.Tests.Images;

public sealed class ResamplingTests
{
    [Fact]
    public void Bilinear_Doubling_InterpolatesBetweenPixelCentres()
    {
        // Given one row 0, 4 (2x1) enlarged to 4x4
        var target = new float[16];

        // When
        Resampling.Bilinear([0f, 4f], 2, 1, target, 4);

        // Then the outer pixels clamp and the inner ones are a quarter and three quarters of the way
        Assert.Equal([0f, 1f, 3f, 4f], target.Take(4));
    }

    [Fact]
    public void MaskArea_Enlarging_KeepsEdgesSharp()
    {
        var target = new byte[16];

        Resampling.MaskArea([1, 0, 0, 1], 2, 2, target, 4);

        Assert.Equal([1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1], target);
    }

    [Fact]
    public void MaskArea_ShrinkingByThree_NeedsHalfTheAreaCovered()
    {
        // Given 3x3 with 4 foreground pixels (4/9 < 1/2) and then 5 (5/9 >= 1/2)
        var four = new byte[] { 1, 1, 0, 1, 1, 0, 0, 0, 0 };
        var five = new byte[] { 1, 1, 1, 1, 1, 0, 0, 0, 0 };
        var target = new byte[1];

        // When / Then
        Resampling.MaskArea(four, 3, 3, target, 1);
        Assert.Equal(0, target[0]);
        Resampling.MaskArea(five, 3, 3, target, 1);
        Assert.Equal(1, target[0]);
    }
}
