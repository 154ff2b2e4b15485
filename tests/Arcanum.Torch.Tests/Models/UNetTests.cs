using Arcanum.Core.Learning;
using Arcanum.Torch.Models;
using Arcanum.Torch.Tests.Support;
using TorchSharp;

namespace Arcanum.Torch.Tests.Models;

public sealed class UNetTests
{
    [Fact]
    public void Forward_ImagesOfThreeChannels_GivesOneLogitPerPixel()
    {
        // Given a three-level U-Net for 3-channel 32x32 images
        using var scope = torch.NewDisposeScope();
        using var model = ModelFactory.Create(Some.UNet(channels: 3, size: 32, 8, 16, 32));

        // When
        var logits = model.forward(torch.ones(2, 3, 32, 32));

        // Then
        Assert.Equal([2L, 1L, 32L, 32L], logits.shape);
    }

    [Fact]
    public void Create_TwoLevels_HasStableKeysAndNoBuffers()
    {
        // Given
        using var model = ModelFactory.Create(Some.UNet(channels: 3, size: 16, 8, 16));

        // When
        var keys = model.state_dict().Select(kv => $"{kv.Key}[{string.Join("x", kv.Value.shape)}]");

        // Then every state entry is a parameter FedAvg may average (GroupNorm keeps no running statistics)
        Assert.Equal(
        [
            "enc1.conv1.weight[8x3x3x3]", "enc1.conv1.bias[8]", "enc1.norm1.weight[8]", "enc1.norm1.bias[8]",
            "enc1.conv2.weight[8x8x3x3]", "enc1.conv2.bias[8]", "enc1.norm2.weight[8]", "enc1.norm2.bias[8]",
            "enc2.conv1.weight[16x8x3x3]", "enc2.conv1.bias[16]", "enc2.norm1.weight[16]", "enc2.norm1.bias[16]",
            "enc2.conv2.weight[16x16x3x3]", "enc2.conv2.bias[16]", "enc2.norm2.weight[16]", "enc2.norm2.bias[16]",
            "up1.weight[16x8x2x2]", "up1.bias[8]",
            "dec1.conv1.weight[8x16x3x3]", "dec1.conv1.bias[8]", "dec1.norm1.weight[8]", "dec1.norm1.bias[8]",
            "dec1.conv2.weight[8x8x3x3]", "dec1.conv2.bias[8]", "dec1.norm2.weight[8]", "dec1.norm2.bias[8]",
            "head.weight[1x8x1x1]", "head.bias[1]",
        ], keys);
        Assert.Equal(model.state_dict().Count, model.parameters().Count());
    }

    [Fact]
    public void Create_DefaultWidthsForLggImages_HasTheDocumentedSize()
    {
        // Given the default widths on 3-channel 128x128 slices (the LGG set's shape)
        var spec = new ModelSpec(ModelKind.UNet, [3, 128, 128], 2, [.. ModelSpec.DefaultUNetWidths]);

        // When
        using var model = ModelFactory.Create(spec);

        // Then 4 levels, 3 up-sampling steps and the head; 482,737 parameters
        // (counted by hand: 294,000 in the encoder, 188,720 in the decoder, 17 in the head)
        Assert.Equal(482_737L + 2 * (16 + 32 + 64 + 128) + 2 * (16 + 32 + 64), model.parameters().Sum(p => p.numel()));
        Assert.Equal(["enc1", "enc2", "enc3", "enc4", "up3", "dec3", "up2", "dec2", "up1", "dec1", "head"],
            model.named_children().Select(c => c.name));
    }

    [Fact]
    public void Initialize_SameSeed_SameWeights_OtherSeed_Different()
    {
        // Given
        var learner = new TorchLearner();
        var spec = Some.UNet(1, 16, 8, 16);

        // When
        var a = learner.Initialize(spec, seed: 5);
        var b = learner.Initialize(spec, seed: 5);
        var c = learner.Initialize(spec, seed: 6);

        // Then
        Assert.Equal(0, Some.Distance(a, b));
        Assert.True(Some.Distance(a, c) > 0.1);
        Assert.All(a.Arrays.Where(x => x.Name.Contains(".norm")), x => Assert.All(x.Data, v => Assert.True(v is 0f or 1f)));
    }

    [Theory]
    [InlineData(4, 4)]
    [InlineData(6, 6)]
    [InlineData(12, 6)]
    [InlineData(16, 8)]
    [InlineData(7, 7)]
    [InlineData(11, 1)]
    public void Groups_Width_EqualGroupsOfAtMostEight(int width, int groups) =>
        Assert.Equal(groups, UNetBlock.Groups(width));

    [Fact]
    public void Create_SizeNotAMultipleOfThePooling_ExplainsWhy()
    {
        var e = Assert.Throws<ArgumentException>(() => ModelFactory.Create(Some.UNet(1, 18, 8, 16, 32)));

        Assert.Contains("multiples of 4", e.Message);
    }

    [Fact]
    public void Create_WidthNotAMultipleOfEight_IsRefusedWithTheReasonsRule()
    {
        // Widths off oneDNN's vector block gave wrong gradients (see TorchRuntimeTests)
        var e = Assert.Throws<ArgumentException>(() => ModelFactory.Create(Some.UNet(1, 16, 4, 8)));
        Assert.Contains("multiples of 8", e.Message);
    }
}
