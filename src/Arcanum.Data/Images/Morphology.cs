namespace Arcanum.Data.Images;

/// <summary>
/// Binary morphology on square 0/1 planes (row-major, any nonzero is foreground), for <see cref="BrainOutline"/>.
/// Connectivity is 4 throughout: a diagonal touch does not join two pieces, nor let the outside leak into a hole.
/// </summary>
internal static class Morphology
{
    /// <summary>A 3x3 closing (dilation, then erosion). Beyond the border counts as background for the dilation and
    /// as foreground for the erosion, so the closing never removes a pixel, even at the image's edge.</summary>
    public static byte[] Close(ReadOnlySpan<byte> mask, int size) =>
        Filter(Filter(mask, size, dilate: true), size, dilate: false);

    private static byte[] Filter(ReadOnlySpan<byte> mask, int size, bool dilate)
    {
        var result = new byte[size * size];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                // A dilation is 1 when any neighbour is; an erosion is 0 when any neighbour is.
                var found = false;
                for (var dy = -1; dy <= 1 && !found; dy++)
                {
                    for (var dx = -1; dx <= 1 && !found; dx++)
                    {
                        var (nx, ny) = (x + dx, y + dy);
                        if (nx < 0 || ny < 0 || nx >= size || ny >= size) continue;
                        found = (mask[ny * size + nx] != 0) == dilate;
                    }
                }
                result[y * size + x] = found == dilate ? (byte)1 : (byte)0;
            }
        }
        return result;
    }

    /// <summary>Sets to 1 every background pixel the border's background cannot reach: the holes.</summary>
    public static void FillHoles(Span<byte> mask, int size)
    {
        var outside = new bool[size * size];
        var stack = new Stack<int>();
        for (var k = 0; k < size; k++)
        {
            Seed(k, mask);
            Seed((size - 1) * size + k, mask);
            Seed(k * size, mask);
            Seed(k * size + size - 1, mask);
        }
        while (stack.Count > 0)
        {
            var i = stack.Pop();
            var (x, y) = (i % size, i / size);
            if (x > 0) Seed(i - 1, mask);
            if (x < size - 1) Seed(i + 1, mask);
            if (y > 0) Seed(i - size, mask);
            if (y < size - 1) Seed(i + size, mask);
        }
        for (var i = 0; i < mask.Length; i++)
            if (!outside[i]) mask[i] = 1;

        void Seed(int i, ReadOnlySpan<byte> m)
        {
            if (outside[i] || m[i] != 0) return;
            outside[i] = true;
            stack.Push(i);
        }
    }

    /// <summary>A new mask of only the largest 4-connected piece of foreground (the first in row order on a tie);
    /// all zeros when there is none.</summary>
    public static byte[] LargestComponent(ReadOnlySpan<byte> mask, int size)
    {
        var labels = new int[size * size];
        var stack = new Stack<int>();
        var (best, bestArea, next) = (0, 0, 0);
        for (var start = 0; start < labels.Length; start++)
        {
            if (mask[start] == 0 || labels[start] != 0) continue;
            var label = ++next;
            var area = 0;
            labels[start] = label;
            stack.Push(start);
            while (stack.Count > 0)
            {
                var i = stack.Pop();
                area++;
                var (x, y) = (i % size, i / size);
                if (x > 0) Visit(i - 1, label, mask);
                if (x < size - 1) Visit(i + 1, label, mask);
                if (y > 0) Visit(i - size, label, mask);
                if (y < size - 1) Visit(i + size, label, mask);
            }
            if (area > bestArea) (best, bestArea) = (label, area);
        }
        var result = new byte[size * size];
        if (best == 0) return result;
        for (var i = 0; i < result.Length; i++) result[i] = labels[i] == best ? (byte)1 : (byte)0;
        return result;

        void Visit(int i, int label, ReadOnlySpan<byte> m)
        {
            if (m[i] == 0 || labels[i] != 0) return;
            labels[i] = label;
            stack.Push(i);
        }
    }
}
