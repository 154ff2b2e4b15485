namespace Arcanum.Data.Images;

/// <summary>
/// Resizing to a square, as pure functions on row-major planes. Images are bilinear with pixel centres aligned
/// (PyTorch's align_corners=false, OpenCV's INTER_LINEAR): halving averages 2x2 blocks. Masks are area-weighted
/// then thresholded: an output pixel is foreground when at least half of the source area it covers is, so a
/// lesion keeps its size on shrinking and its edges stay sharp on enlarging.
/// </summary>
internal static class Resampling
{
    public static void Bilinear(ReadOnlySpan<float> source, int width, int height, Span<float> target, int size)
    {
        if (width == size && height == size)
        {
            source[..(size * size)].CopyTo(target);
            return;
        }
        var (x0, x1, fx) = LinearTaps(width, size);
        var (y0, y1, fy) = LinearTaps(height, size);
        for (var y = 0; y < size; y++)
        {
            var top = source.Slice(y0[y] * width, width);
            var bottom = source.Slice(y1[y] * width, width);
            var row = target.Slice(y * size, size);
            for (var x = 0; x < size; x++)
            {
                var t = top[x0[x]] + (top[x1[x]] - top[x0[x]]) * fx[x];
                var b = bottom[x0[x]] + (bottom[x1[x]] - bottom[x0[x]]) * fx[x];
                row[x] = t + (b - t) * fy[y];
            }
        }
    }

    /// <summary>Shrinks or enlarges a 0/1 mask; see the type for the rule.</summary>
    public static void MaskArea(ReadOnlySpan<byte> source, int width, int height, Span<byte> target, int size)
    {
        var xs = AreaTaps(width, size);
        var ys = AreaTaps(height, size);
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                double covered = 0;
                foreach (var (sy, wy) in ys[y])
                {
                    var row = source.Slice(sy * width, width);
                    foreach (var (sx, wx) in xs[x]) covered += wy * wx * row[sx];
                }
                target[y * size + x] = covered >= 0.5 - 1e-9 ? (byte)1 : (byte)0;
            }
        }
    }

    private static (int[] Low, int[] High, float[] Weight) LinearTaps(int from, int to)
    {
        var (low, high, weight) = (new int[to], new int[to], new float[to]);
        var scale = (double)from / to;
        for (var i = 0; i < to; i++)
        {
            var s = Math.Clamp((i + 0.5) * scale - 0.5, 0, from - 1);
            low[i] = (int)Math.Floor(s);
            high[i] = Math.Min(low[i] + 1, from - 1);
            weight[i] = (float)(s - low[i]);
        }
        return (low, high, weight);
    }

    /// <summary>For each target pixel, the source pixels its footprint overlaps and the share of it each covers.
    /// </summary>
    private static (int Index, double Weight)[][] AreaTaps(int from, int to)
    {
        var taps = new (int, double)[to][];
        var scale = (double)from / to;
        for (var i = 0; i < to; i++)
        {
            var (start, end) = (i * scale, (i + 1) * scale);
            var list = new List<(int, double)>();
            for (var s = (int)Math.Floor(start); s < Math.Min(from, (int)Math.Ceiling(end)); s++)
            {
                var overlap = Math.Min(end, s + 1) - Math.Max(start, s);
                if (overlap > 0) list.Add((s, overlap / scale));
            }
            taps[i] = [.. list];
        }
        return taps;
    }
}
