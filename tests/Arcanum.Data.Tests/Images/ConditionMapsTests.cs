using Arcanum.Data.Images;

namespace Arcanum.Data.Tests.Images;

public sealed class ConditionMapsTests
{
    [Fact]
    public void Build_TwoSlices_StacksBrainThenTumourAndPutsTheTumourInTheBrain()
    {
        // Given two 2x2 slices; in the second the tumour's last pixel lies outside the brain
        byte[] brain = [1, 1, 0, 0, /**/ 0, 1, 0, 0];
        byte[] tumour = [0, 1, 0, 0, /**/ 0, 1, 0, 7];

        // When
        var maps = ConditionMaps.Build(brain, tumour, 2, 2);

        // Then each slice is [brain | tumour], 0/1, with tumour pixels in the brain channel too
        Assert.Equal([1f, 1, 0, 0, 0, 1, 0, 0, /**/ 0, 1, 0, 1, 0, 1, 0, 1], maps);
    }

    [Fact]
    public void Build_MaskOfTheWrongLength_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => ConditionMaps.Build(new byte[8], new byte[4], 2, 2));

        Assert.Contains("8", error.Message, StringComparison.Ordinal);
    }
}
