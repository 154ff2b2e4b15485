namespace Arcanum.Core.Metrics;

/// <summary>Boundary-to-boundary distances between two binary masks of one slice, for Hausdorff distances.</summary>
public static class SurfaceDistances
{
    /// <summary>
    /// Adds to <paramref name="aToB"/> the distance from each boundary pixel of <paramref name="a"/>
    /// to the nearest boundary pixel of <paramref name="b"/>, and to <paramref name="bToA"/> the
    /// reverse. Each mask's boundary is found once.
    /// </summary>
    internal static void Both(bool[] a, bool[] b, int height, int width, List<double> aToB, List<double> bToA)
    {
        var aBoundary = Boundary(a, height, width);
        var bBoundary = Boundary(b, height, width);
        Directed(aBoundary, bBoundary, height, width, aToB);
        Directed(bBoundary, aBoundary, height, width, bToA);
    }

    private static void Directed(bool[] fromBoundary, bool[] toBoundary, int height, int width, List<double> distances)
    {
        var squared = DistanceTransform.Squared(toBoundary, height, width);
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
