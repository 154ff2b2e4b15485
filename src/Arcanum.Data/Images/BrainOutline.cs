namespace Arcanum.Data.Images;

/// <summary>
/// The head's silhouette in a grey slice, as a 0/1 mask: the brain-outline channel a mask-conditioned generator is
/// drawn from. Pixels brighter than a threshold, a 3x3 closing to bridge one-pixel gaps in the skull's ring, the
/// interior holes filled (dark ventricles and the dark band between skull and brain lie inside the head, not
/// outside it) and only the largest 4-connected piece kept (noise specks in the background go).
/// </summary>
public static class BrainOutline
{
    /// <summary>
    /// The default threshold on [0, 1] pixels, 0.06 (about 15 of 255), tuned on every 7th LGG FLAIR slice of the
    /// four hospitals (472 slices). The air outside the head is 0 at the median, 0.04 at the 99th percentile and
    /// 0.06 at the 99.9th: at 0.03 the noise joins the head on the darker scans and the outline leaks over nearly
    /// the whole image; from 0.06 up the outline holds the head (a third of the image on average) and misses no
    /// tumour but in one dark scan; at 0.15 it starts to cut into the brain (15 of 159 tumour slices lose tumour
    /// pixels). Scans far darker than the rest (99th percentile below about 0.15) get a partial outline; pass a
    /// lower threshold for them. Slices with nothing above 0.06 (the ends of a volume) give an empty outline.
    /// </summary>
    public const double DefaultThreshold = 0.06;

    /// <summary>The outline of one grey image [<paramref name="size"/> x <paramref name="size"/>] in [0, 1]: 1
    /// inside the head. An image with nothing above the threshold gives all zeros.</summary>
    /// <exception cref="ArgumentException">The pixel count is not size x size.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The threshold is not a number in [0, 1).</exception>
    public static byte[] FromImage(ReadOnlySpan<float> pixels, int size, double threshold = DefaultThreshold)
    {
        MaskChecks.Plane(pixels.Length, size, nameof(pixels));
        if (!(threshold >= 0 && threshold < 1))
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold,
                $"The brain-outline threshold must be in [0, 1) on [0, 1] pixels (default {DefaultThreshold}).");
        var mask = new byte[size * size];
        for (var i = 0; i < mask.Length; i++) mask[i] = pixels[i] > threshold ? (byte)1 : (byte)0;
        if (!mask.AsSpan().Contains((byte)1)) return mask;
        mask = Morphology.Close(mask, size);
        Morphology.FillHoles(mask, size);
        return Morphology.LargestComponent(mask, size);
    }

    /// <summary>
    /// The width in pixels of the silhouette's outer rim at <paramref name="size"/>: size / 32, at least 1 (2 at 64x64,
    /// 4 at 128x128). The silhouette is the whole head, and its rim is scalp and skull: on all 3,289 LGG FLAIR slices
    /// of the four hospitals, this rim is 22% of the outline's area at 64x64 (23% at 128x128) but holds 0.08%
    /// (0.11%) of the tumour pixels, against 1.2% (0.4%) for a rim one pixel wider.
    /// </summary>
    public static int RimWidth(int size) => Math.Max(1, (int)Math.Round(size / 32.0));

    /// <summary>
    /// The outline without its outer rim (<see cref="RimWidth"/>): the part of the head where tumours lie, to which
    /// <see cref="TumourEdits"/> keep every edited tumour. An outline too small to have an interior is returned
    /// whole, so that a small brain still takes a tumour.
    /// </summary>
    /// <exception cref="ArgumentException">The pixel count is not size x size.</exception>
    public static byte[] Interior(ReadOnlySpan<byte> outline, int size)
    {
        var depth = Depth(outline, size);
        var width = RimWidth(size);
        var interior = new byte[depth.Length];
        for (var i = 0; i < depth.Length; i++) interior[i] = depth[i] > width ? (byte)1 : (byte)0;
        if (interior.AsSpan().Contains((byte)1)) return interior;
        for (var i = 0; i < depth.Length; i++) interior[i] = depth[i] > 0 ? (byte)1 : (byte)0;
        return interior;
    }

    /// <summary>
    /// Per pixel of the outline, its square (chessboard) distance in pixels to the nearest pixel outside it, the
    /// image's edge counting as outside (1 on the outline's edge); 0 outside. A rim w pixels wide is the pixels of
    /// depth 1 to w. Two passes over the image (a chamfer transform, exact for this distance).
    /// </summary>
    /// <exception cref="ArgumentException">The pixel count is not size x size.</exception>
    public static int[] Depth(ReadOnlySpan<byte> outline, int size)
    {
        MaskChecks.Plane(outline.Length, size, nameof(outline));
        var depth = new int[size * size];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var i = y * size + x;
                if (outline[i] == 0) continue;
                var d = Math.Min(Math.Min(x, y), Math.Min(size - 1 - x, size - 1 - y)) + 1;
                if (x > 0) d = Math.Min(d, depth[i - 1] + 1);
                if (y > 0) d = Math.Min(d, Math.Min(depth[i - size], Math.Min(x > 0 ? depth[i - size - 1] : d, x < size - 1 ? depth[i - size + 1] : d)) + 1);
                depth[i] = d;
            }
        }
        for (var y = size - 1; y >= 0; y--)
        {
            for (var x = size - 1; x >= 0; x--)
            {
                var i = y * size + x;
                if (depth[i] == 0) continue;
                var d = depth[i];
                if (x < size - 1) d = Math.Min(d, depth[i + 1] + 1);
                if (y < size - 1) d = Math.Min(d, Math.Min(depth[i + size], Math.Min(x < size - 1 ? depth[i + size + 1] : d, x > 0 ? depth[i + size - 1] : d)) + 1);
                depth[i] = d;
            }
        }
        return depth;
    }

    /// <summary>
    /// The outlines of all <paramref name="images"/>, [Count x Size x Size]. Where the images have masks, each
    /// outline also covers its tumour (outline |= mask): a tumour outside the brain channel would be a condition no
    /// real slice shows.
    /// </summary>
    /// <exception cref="ArgumentException">The images are colour: the outline is drawn on one grey channel.
    /// </exception>
    public static byte[] ForAll(LoadedImages images, double threshold = DefaultThreshold)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Channels != 1)
            throw new ArgumentException($"Brain outlines are drawn on grey images, but these have {images.Channels} "
                + "channels; load a single grey modality (e.g. FLAIR).", nameof(images));
        var area = images.Size * images.Size;
        var outlines = new byte[images.Count * area];
        Parallel.For(0, images.Count, i =>
        {
            var outline = FromImage(images.Pixels.AsSpan(i * area, area), images.Size, threshold);
            if (images.Masks is { } masks)
            {
                var mask = masks.AsSpan(i * area, area);
                for (var k = 0; k < area; k++) outline[k] |= mask[k] != 0 ? (byte)1 : (byte)0;
            }
            outline.CopyTo(outlines, i * area);
        });
        return outlines;
    }
}
