using Arcanum.Core.Learning;
using static TorchSharp.torch;

namespace Arcanum.Torch.Training;

/// <summary>
/// Applies <see cref="ImageAugmentation"/> to training batches on their device. The random
/// parameters (flip, angle, intensity factor per image) are drawn in C# from a <see cref="Random"/>
/// seeded by the run, never from libtorch's process-wide generator, so the same seed gives the same
/// batches whichever other threads are training. Flip and rotation are one affine sampling grid per
/// image (rotation about the centre in pixel units, so non-square images are not sheared), applied
/// with <c>grid_sample</c>: bilinear for images, nearest for masks (which stay 0/1), zeros outside.
/// The intensity factor multiplies images only.
/// </summary>
internal sealed class ImageAugmenter(ImageAugmentation settings, int seed)
{
    private readonly Random _random = new(seed);

    /// <summary>
    /// Augments <paramref name="images"/> [B, C, H, W] and, with the same geometry,
    /// <paramref name="masks"/> [B, 1, H, W] (float 0/1) when given. Three values are drawn per image
    /// whatever the settings, so a setting of zero does not shift the other draws.
    /// </summary>
    public (Tensor Images, Tensor? Masks) Apply(Tensor images, Tensor? masks)
    {
        var b = checked((int)images.shape[0]);
        var (h, w) = (images.shape[2], images.shape[3]);
        var theta = new float[b * 6];
        var scale = new float[b];
        for (var i = 0; i < b; i++)
        {
            var flip = _random.NextDouble() < settings.FlipProbability ? -1.0 : 1.0;
            var angle = (2 * _random.NextDouble() - 1) * settings.MaxRotationDegrees * Math.PI / 180;
            scale[i] = (float)(1 + (2 * _random.NextDouble() - 1) * settings.IntensityJitter);
            Rotation(angle, flip, (double)h / w).CopyTo(theta, i * 6);
        }
        var device = images.device;
        var grid = nn.functional.affine_grid(tensor(theta, [b, 2, 3]).to(device), [b, images.shape[1], h, w], align_corners: false);
        var warped = nn.functional.grid_sample(images, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Zeros, align_corners: false);
        var scaled = warped * tensor(scale, [b, 1, 1, 1]).to(device);
        var warpedMasks = masks is null
            ? null
            : nn.functional.grid_sample(masks, grid, GridSampleMode.Nearest, GridSamplePaddingMode.Zeros, align_corners: false);
        return (scaled, warpedMasks);
    }

    /// <summary>
    /// The 2×3 matrix that maps an output pixel's normalised coordinates to the input's: a rotation by
    /// <paramref name="angle"/> in pixel units (normalised x spans W pixels, y spans H, hence the
    /// aspect terms), then x negated when <paramref name="flip"/> is −1 (a horizontal mirror).
    /// </summary>
    internal static float[] Rotation(double angle, double flip, double heightOverWidth)
    {
        var (sin, cos) = Math.SinCos(angle);
        return
        [
            (float)(flip * cos), (float)(-flip * sin * heightOverWidth), 0f,
            (float)(sin / heightOverWidth), (float)cos, 0f,
        ];
    }
}
