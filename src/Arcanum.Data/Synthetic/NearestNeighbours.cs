namespace Arcanum.Data.Synthetic;

/// <summary>
/// Brute-force Euclidean nearest neighbours on row-major float features: O(queries × references × width)
/// time, O(queries) memory. Query rows run in parallel; each result depends only on its own row, so the
/// output is deterministic. 50k × 50k rows of 30 features is ~7.5e10 multiply-adds: tens of seconds on a laptop.
/// </summary>
internal static class NearestNeighbours
{
    /// <summary>For each query row, the distance to its nearest and second-nearest reference row (+∞ when there is none).</summary>
    public static (double[] First, double[] Second) Find(float[] queries, float[] references, int width)
    {
        var queryCount = width == 0 ? 0 : queries.Length / width;
        var referenceCount = width == 0 ? 0 : references.Length / width;
        var first = new double[queryCount];
        var second = new double[queryCount];
        Parallel.For(0, queryCount, q =>
        {
            var query = queries.AsSpan(q * width, width);
            double best = double.PositiveInfinity, next = double.PositiveInfinity;
            for (var r = 0; r < referenceCount; r++)
            {
                var reference = references.AsSpan(r * width, width);
                double sum = 0;
                for (var k = 0; k < width; k++)
                {
                    double d = query[k] - reference[k];
                    sum += d * d;
                }
                if (sum < best) { next = best; best = sum; }
                else if (sum < next) next = sum;
            }
            first[q] = Math.Sqrt(best);
            second[q] = Math.Sqrt(next);
        });
        return (first, second);
    }
}
