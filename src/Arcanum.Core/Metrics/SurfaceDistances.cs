namespace Arcanum.Core.Metrics;

/// <summary>Boundary-to-boundary distances between two binary masks of one slice, for Hausdorff distances.</summary>
public static class SurfaceDistances
{
    /// <summary>
    /// Adds to <paramref name="distances"/> the distance from each boundary pixel of
    /// <paramref name="from"/> to the nearest boundary pixel of <paramref name="to"/>. A boundary
    /// pixel is a foreground pixel with a background 4-neighbour or on the image's edge.
    /// </summary>
    internal static void Directed(bool[] from, bool[] to, int height, int width, List<double> distances)
    {
        var toBoundary = Boundary(to, height, width);
        var squared = DistanceTransform.Squared(toBoundary, height, width);
        var fromBoundary = Boundary(from, height, width);
        for (var i = 0; i < fromBoundary.Length; i++)
        {
            if (fromBoundary[i]) distances.Add(Math.Sqrt(squared[i]));
        }
    }

    /// <summary>Foreground pixels with a background 4-neighbour or on the image's edge.</summary>
    public static bool[] Boundary(bool[] mask, int height, int width)
    {
        var boundary = new bool[mask.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = y * width + x;
                if (!mask[i]) continue;
                boundary[i] = y == 0 || x == 0 || y == height - 1 || x == width - 1
                    || !mask[i - width] || !mask[i + width] || !mask[i - 1] || !mask[i + 1];
            }
        }
        return boundary;
    }
}
