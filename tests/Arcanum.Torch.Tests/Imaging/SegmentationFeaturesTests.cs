using Arcanum.Core.Learning;
using Arcanum.Torch.Imaging;
using Arcanum.Torch.Tests.Support;

namespace Arcanum.Torch.Tests.Imaging;

public sealed class SegmentationFeaturesTests
{
    [Fact]
    public void Extract_UNet_GivesOneRowOfLevelMeansPerImageThatTellsImagesApart()
    {
        // Given a segmenter and images with and without a bright square
        var spec = Some.UNet(channels: 1, size: 32, 8, 16, 32);
        var weights = new TorchLearner().Initialize(spec, seed: 3);
        var data = Some.Squares(6);

        // When
        var features = SegmentationFeatures.Extract(spec, weights, data, batchSize: 4);

        // Then there are 8 + 16 + 32 values per image, finite, and different images differ
        Assert.Equal(56, SegmentationFeatures.Dimensions(spec));
        Assert.Equal(6 * 56, features.Length);
        Assert.All(features, v => Assert.True(float.IsFinite(v)));
        Assert.NotEqual(features.AsSpan(0, 56).ToArray(), features.AsSpan(56, 56).ToArray());
    }

    [Fact]
    public void Extract_NotAUNet_IsRefused()
    {
        var spec = Some.Cnn();
        var error = Assert.Throws<ArgumentException>(() => SegmentationFeatures.Extract(spec, new TorchLearner().Initialize(spec, 1), Some.Squares(2, 28)));
        Assert.Contains("U-Net", error.Message);
    }
}
