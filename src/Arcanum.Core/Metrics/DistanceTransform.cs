namespace Arcanum.Core.Metrics;

/// <summary>
/// Exact Euclidean distance transform (Felzenszwalb and Huttenlocher, "Distance transforms of
/// sampled functions", 2012): for every pixel, the squared distance to the nearest marked pixel, in
/// two separable passes of the 1-D lower-envelope algorithm, O(height × width).
/// </summary>
internal static class DistanceTransform
{
    private const double Far = 1e20;

    /// <summary>Squared distances [height × width] to the nearest pixel where <paramref name="marked"/> is true; all <see cref="Far"/> when none is.</summary>
    public static double[] Squared(ReadOnlySpan<bool> marked, int height, int width)
    {
        var d = new double[height * width];
        for (var i = 0; i < d.Length; i++) d[i] = marked[i] ? 0 : Far;
        var n = Math.Max(height, width);
        var f = new double[n];
        var output = new double[n];
        var v = new int[n];
        var z = new double[n + 1];
        for (var x = 0; x < width; x++)
        {
            for (var y = 0; y < height; y++) f[y] = d[y * width + x];
            Envelope(f, height, output, v, z);
            for (var y = 0; y < height; y++) d[y * width + x] = output[y];
        }
        for (var y = 0; y < height; y++)
        {
            Array.Copy(d, y * width, f, 0, width);
            Envelope(f, width, output, v, z);
            Array.Copy(output, 0, d, y * width, width);
        }
        return d;
    }

    /// <summary>The 1-D transform: output[q] = min_p (q − p)² + f[p], via the lower envelope of parabolas.</summary>
    private static void Envelope(double[] f, int n, double[] output, int[] v, double[] z)
    {
        var k = 0;
        v[0] = 0;
        z[0] = double.NegativeInfinity;
        z[1] = double.PositiveInfinity;
        for (var q = 1; q < n; q++)
        {
            var s = Intersection(f, q, v[k]);
            while (s <= z[k])
            {
                k--;
                s = Intersection(f, q, v[k]);
            }
            k++;
            v[k] = q;
            z[k] = s;
            z[k + 1] = double.PositiveInfinity;
        }
        k = 0;
        for (var q = 0; q < n; q++)
        {
            while (z[k + 1] < q) k++;
            var p = v[k];
            output[q] = (double)(q - p) * (q - p) + f[p];
        }
    }

    /// <summary>Where the parabolas rooted at q and p cross (z[0] is −∞, so the loop above never passes k = 0).</summary>
    private static double Intersection(double[] f, int q, int p) =>
        (f[q] + (double)q * q - (f[p] + (double)p * p)) / (2.0 * (q - p));
}
