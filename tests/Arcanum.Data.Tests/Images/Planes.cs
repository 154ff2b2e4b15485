namespace Arcanum.Data.Tests.Images;

/// <summary>Tiny square masks and images drawn in code for the mask-tool tests.</summary>
internal static class Planes
{
    /// <summary>1 inside the disc of radius <paramref name="r"/> about (cx, cy).</summary>
    public static byte[] Disc(int size, double cx, double cy, double r) =>
        Draw(size, (x, y) => (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r);

    /// <summary>1 in the <paramref name="w"/> x <paramref name="h"/> rectangle whose top-left pixel is (x0, y0).
    /// </summary>
    public static byte[] Rect(int size, int x0, int y0, int w, int h) =>
        Draw(size, (x, y) => x >= x0 && x < x0 + w && y >= y0 && y < y0 + h);

    public static byte[] Draw(int size, Func<int, int, bool> inside)
    {
        var mask = new byte[size * size];
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++) mask[y * size + x] = inside(x, y) ? (byte)1 : (byte)0;
        return mask;
    }

    public static (double X, double Y) Centroid(byte[] mask, int size)
    {
        var pixels = Enumerable.Range(0, mask.Length).Where(i => mask[i] != 0).ToArray();
        return (pixels.Average(i => i % size), pixels.Average(i => i / size));
    }

    /// <summary>Whether every foreground pixel of <paramref name="inner"/> is foreground in <paramref name="outer"/>.
    /// </summary>
    public static bool Within(byte[] inner, byte[] outer) =>
        inner.Select((v, i) => v == 0 || outer[i] != 0).All(b => b);

    public static byte[] Or(byte[] a, byte[] b) => a.Select((v, i) => (byte)(v | b[i])).ToArray();
}
