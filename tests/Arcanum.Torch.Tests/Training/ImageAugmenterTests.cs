using Arcanum.Core.Learning;
using Arcanum.Torch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Arcanum.Torch.Tests.Training;

public sealed class ImageAugmenterTests
{
    /// <summary>Two 8x12 images with an L-shaped mark in the left half; the mask is the mark.</summary>
    private static (Tensor Images, Tensor Masks) Marked()
    {
        var masks = zeros(2, 1, 8, 12);
        masks[TensorIndex.Colon, 0, TensorIndex.Slice(1, 6), 2] = tensor(1f);
        masks[TensorIndex.Colon, 0, 5, TensorIndex.Slice(2, 5)] = tensor(1f);
        var images = cat([masks * 2, masks + 1], 1);
        return (images, masks);
    }

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    [Fact]
    public void Apply_FlipOnly_MirrorsImagesAndMasksTogether()
    {
        // Given every image flipped, no rotation, no intensity change
        using var scope = NewDisposeScope();
        var (images, masks) = Marked();
        var augmenter = new ImageAugmenter(new ImageAugmentation(FlipProbability: 1, MaxRotationDegrees: 0, IntensityJitter: 0), seed: 1);

        // When
        var (outImages, outMasks) = augmenter.Apply(images, masks);

        // Then the mark moved to the right half in both, pixel for pixel
        Assert.True(outImages.allclose(images.flip(3), atol: 1e-5));
        Assert.True(Same(outMasks!, masks.flip(3)));
        Assert.Equal(0f, outMasks![TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(0, 6)].sum().item<float>());
    }

    [Fact]
    public void Apply_Rotation_MaskStaysBinaryAndOnTheImagesMark()
    {
        // Given rotations up to 30 degrees of an image that is its own mask (a 10x10 square in 32x32)
        using var scope = NewDisposeScope();
        var masks = zeros(4, 1, 32, 32);
        masks[TensorIndex.Colon, 0, TensorIndex.Slice(6, 16), TensorIndex.Slice(8, 18)] = tensor(1f);
        var augmenter = new ImageAugmenter(new ImageAugmentation(FlipProbability: 0.5, MaxRotationDegrees: 30, IntensityJitter: 0), seed: 2);

        // When
        var (outImages, outMasks) = augmenter.Apply(masks.clone(), masks);

        // Then the mask is still 0/1, moved (it was rotated), and agrees with the interpolated image
        Assert.True(outMasks!.eq(0).logical_or(outMasks.eq(1)).all().item<bool>());
        Assert.False(Same(outMasks, masks));
        var agree = outImages.ge(0.5).eq(outMasks.ge(0.5)).to(float32).mean().item<float>();
        Assert.True(agree > 0.98f, $"image and mask agree on {agree:P1} of pixels");
    }

    [Fact]
    public void Apply_IntensityJitter_ScalesImagesOnly()
    {
        // Given
        using var scope = NewDisposeScope();
        var (images, masks) = Marked();
        var augmenter = new ImageAugmenter(new ImageAugmentation(FlipProbability: 0, MaxRotationDegrees: 0, IntensityJitter: 0.5), seed: 3);

        // When
        var (outImages, outMasks) = augmenter.Apply(images, masks);

        // Then each image is its input times one factor in [0.5, 1.5]; masks are untouched
        Assert.True(Same(outMasks!, masks));
        var factors = (outImages.sum([1, 2, 3]) / images.sum([1, 2, 3])).data<float>().ToArray();
        Assert.All(factors, f => Assert.InRange(f, 0.5f, 1.5f));
        Assert.NotEqual(1f, factors[0], 3);
        Assert.True(outImages.allclose(images * tensor(factors).reshape(2, 1, 1, 1), atol: 1e-4));
    }

    [Fact]
    public void Apply_SameSeed_SameBatches_OtherSeed_Different()
    {
        // Given
        using var scope = NewDisposeScope();
        var (images, masks) = Marked();
        var settings = ImageAugmentation.Default;
        var first = new ImageAugmenter(settings, seed: 7);
        var second = new ImageAugmenter(settings, seed: 7);
        var other = new ImageAugmenter(settings, seed: 8);

        // When two batches each
        var a = new[] { first.Apply(images, masks), first.Apply(images, masks) };
        var b = new[] { second.Apply(images, masks), second.Apply(images, masks) };
        var c = other.Apply(images, masks);

        // Then
        for (var i = 0; i < 2; i++)
        {
            Assert.True(Same(a[i].Images, b[i].Images));
            Assert.True(Same(a[i].Masks!, b[i].Masks!));
        }
        Assert.False(Same(a[0].Images, a[1].Images));
        Assert.False(Same(a[0].Images, c.Images));
    }
}
