using System.Globalization;

namespace Arcanum.Data.Images;

/// <summary>
/// Edits of one slice's tumour mask for counterfactual synthesis: grow or shrink it, move it, or transplant another
/// slice's tumour into this brain. Masks are [Size x Size] row-major, nonzero is foreground, and every edit returns
/// a new 0/1 mask. Every result is clipped to the brain's interior (<see cref="BrainOutline.Interior"/>: the outline
/// without its rim of scalp and skull, where real tumours almost never lie): pixels that would land outside it are
/// dropped rather than kept, because a tumour in the skull, or outside the brain channel, asks the generator for an
/// image no scan shows (and <see cref="ConditionMaps.Build"/> would otherwise grow the brain to cover it). An edit can
/// therefore make a tumour smaller than asked, or empty; check <see cref="Area"/> when that matters.
/// </summary>
public static class TumourEdits
{
    /// <summary>How many centres <see cref="Transplant"/> tries by default.</summary>
    public const int DefaultCandidates = 64;

    /// <summary>The number of foreground (nonzero) pixels.</summary>
    public static int Area(ReadOnlySpan<byte> mask) => mask.Length - mask.Count((byte)0);

    /// <summary>
    /// The tumour scaled by <paramref name="factor"/> about its centroid (2 doubles its width, so about quadruples
    /// its area; 0.5 halves it), by nearest-neighbour inverse mapping, then clipped to the brain's interior. An empty tumour
    /// stays empty.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="factor"/> is not a finite number above 0.
    /// </exception>
    public static byte[] Scale(ReadOnlySpan<byte> tumour, ReadOnlySpan<byte> brain, int size, double factor)
    {
        Check(tumour, brain, size);
        var inside = BrainOutline.Interior(brain, size);
        if (!(factor > 0) || double.IsPositiveInfinity(factor))
            throw new ArgumentOutOfRangeException(nameof(factor), factor,
                "A tumour scale factor must be a finite number above 0 (1 keeps the size, 2 doubles the width).");
        var result = new byte[size * size];
        if (!Centroid(tumour, size, out var cx, out var cy)) return result;
        for (var y = 0; y < size; y++)
        {
            var sy = Nearest(cy + (y - cy) / factor);
            if (sy < 0 || sy >= size) continue;
            for (var x = 0; x < size; x++)
            {
                var i = y * size + x;
                if (inside[i] == 0) continue;
                var sx = Nearest(cx + (x - cx) / factor);
                if (sx >= 0 && sx < size && tumour[(int)sy * size + (int)sx] != 0) result[i] = 1;
            }
        }
        return result;
    }

    /// <summary>The tumour shifted <paramref name="dx"/> pixels right and <paramref name="dy"/> down (negative for
    /// left and up); what leaves the image or the brain's interior is dropped.</summary>
    public static byte[] Move(ReadOnlySpan<byte> tumour, ReadOnlySpan<byte> brain, int size, int dx, int dy)
    {
        Check(tumour, brain, size);
        var inside = BrainOutline.Interior(brain, size);
        var result = new byte[size * size];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                if (tumour[y * size + x] == 0) continue;
                long tx = x + (long)dx, ty = y + (long)dy;
                if (tx < 0 || ty < 0 || tx >= size || ty >= size) continue;
                var i = (int)ty * size + (int)tx;
                if (inside[i] != 0) result[i] = 1;
            }
        }
        return result;
    }

    /// <summary>
    /// <paramref name="sourceTumour"/> (another slice's tumour, cut to its bounding box) placed into
    /// <paramref name="targetBrain"/>: up to <paramref name="candidates"/> centres are drawn from the pixels of the
    /// brain's interior with <paramref name="random"/> and the box is centred on the one that keeps the most tumour
    /// pixels inside it (the first that keeps all of them ends the search; the earliest drawn wins a tie). The result
    /// is clipped to the interior. An empty source or an empty brain gives an empty mask. Same seed, same placement.
    /// </summary>
    public static byte[] Transplant(ReadOnlySpan<byte> sourceTumour, int size, ReadOnlySpan<byte> targetBrain,
        Random random, int candidates = DefaultCandidates)
    {
        Check(sourceTumour, targetBrain, size);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(candidates, 1);
        var result = new byte[size * size];
        var inside = BrainOutline.Interior(targetBrain, size);
        var brainPixels = Foreground(inside);
        var tumourPixels = Foreground(sourceTumour);
        if (brainPixels.Count == 0 || tumourPixels.Count == 0) return result;
        // Offsets from the bounding box's centre, so that a candidate centre is where the box's centre goes.
        var (minX, minY, maxX, maxY) = (size, size, -1, -1);
        foreach (var i in tumourPixels)
        {
            (minX, maxX) = (Math.Min(minX, i % size), Math.Max(maxX, i % size));
            (minY, maxY) = (Math.Min(minY, i / size), Math.Max(maxY, i / size));
        }
        var (ax, ay) = ((minX + maxX) / 2, (minY + maxY) / 2);
        var offsets = tumourPixels.Select(i => (X: i % size - ax, Y: i / size - ay)).ToArray();
        var (bestX, bestY, bestOverlap) = (0, 0, -1);
        for (var c = 0; c < candidates && bestOverlap < offsets.Length; c++)
        {
            var centre = brainPixels[random.Next(brainPixels.Count)];
            var (cx, cy) = (centre % size, centre / size);
            var overlap = 0;
            foreach (var (ox, oy) in offsets)
                if (Inside(cx + ox, cy + oy, size, inside)) overlap++;
            if (overlap > bestOverlap) (bestX, bestY, bestOverlap) = (cx, cy, overlap);
        }
        foreach (var (ox, oy) in offsets)
            if (Inside(bestX + ox, bestY + oy, size, inside)) result[(bestY + oy) * size + bestX + ox] = 1;
        return result;
    }

    /// <summary>Reads an offset written <c>dx,dy</c> (whole pixels, x right and y down), e.g. <c>10,-5</c>.
    /// </summary>
    /// <exception cref="FormatException">The text is not two whole numbers separated by a comma.</exception>
    public static (int Dx, int Dy) ParseOffset(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(',');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite
                | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out var dx)
            && int.TryParse(parts[1], NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite
                | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out var dy))
            return (dx, dy);
        throw new FormatException($"Offset '{text}' is not 'dx,dy': give two whole numbers of pixels separated by a "
            + "comma, x to the right and y down (negative for left and up), e.g. '10,-5'.");
    }

    private static void Check(ReadOnlySpan<byte> tumour, ReadOnlySpan<byte> brain, int size)
    {
        MaskChecks.Plane(tumour.Length, size, nameof(tumour));
        MaskChecks.Plane(brain.Length, size, nameof(brain));
    }

    private static bool Inside(int x, int y, int size, ReadOnlySpan<byte> brain) =>
        x >= 0 && y >= 0 && x < size && y < size && brain[y * size + x] != 0;

    private static List<int> Foreground(ReadOnlySpan<byte> mask)
    {
        var pixels = new List<int>();
        for (var i = 0; i < mask.Length; i++)
            if (mask[i] != 0) pixels.Add(i);
        return pixels;
    }

    private static bool Centroid(ReadOnlySpan<byte> mask, int size, out double x, out double y)
    {
        var (sx, sy, n) = (0.0, 0.0, 0);
        for (var i = 0; i < mask.Length; i++)
        {
            if (mask[i] == 0) continue;
            (sx, sy, n) = (sx + i % size, sy + i / size, n + 1);
        }
        (x, y) = n == 0 ? (0, 0) : (sx / n, sy / n);
        return n > 0;
    }

    /// <summary>The nearest pixel index, halves away from zero; a long so a huge coordinate cannot wrap.</summary>
    private static long Nearest(double v) =>
        v is > int.MaxValue or < int.MinValue ? -1 : (long)Math.Round(v, MidpointRounding.AwayFromZero);
}
