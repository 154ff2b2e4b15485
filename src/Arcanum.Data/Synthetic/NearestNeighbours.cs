using System.Numerics;

namespace Arcanum.Data.Synthetic;

/// <summary>
/// Brute-force Euclidean nearest neighbours on row-major float features: O(queries × references × width)
/// time, O(queries) memory. Squared distances are summed in single precision with SIMD vectors; identical
/// rows are exactly 0 apart. Query rows run in parallel; each result depends only on its own row, so the
/// output is deterministic. 5k × 5k rows of 40 features take a fraction of a second per core; 50k × 50k
/// is a hundred times that.
/// </summary>
public static class NearestNeighbours
{
    /// <summary>For each query row, the distance to its nearest and second-nearest reference row (+∞ when there is none).</summary>
    /// <param name="queries">Row-major query rows, <paramref name="width"/> features each (e.g. <see cref="Encoding.FeatureEncoder.Encode"/>).</param>
    /// <param name="references">Row-major reference rows of the same width.</param>
    /// <param name="width">Features per row; 0 gives no rows.</param>
    public static (double[] First, double[] Second) Find(float[] queries, float[] references, int width)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(references);
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        var queryCount = width == 0 ? 0 : queries.Length / width;
        var referenceCount = width == 0 ? 0 : references.Length / width;
        var first = new double[queryCount];
        var second = new double[queryCount];
        Parallel.For(0, queryCount, q =>
        {
            var query = queries.AsSpan(q * width, width);
            float best = float.PositiveInfinity, next = float.PositiveInfinity;
            for (var r = 0; r < referenceCount; r++)
            {
                var sum = SquaredDistance(query, references.AsSpan(r * width, width));
                if (sum < best) { next = best; best = sum; }
                else if (sum < next) next = sum;
            }
            first[q] = Math.Sqrt(best);
            second[q] = Math.Sqrt(next);
        });
        return (first, second);
    }

    private static float SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var k = 0;
        var sum = 0f;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<float>.Count)
        {
            var accumulator = Vector<float>.Zero;
            for (; k <= a.Length - Vector<float>.Count; k += Vector<float>.Count)
            {
                var d = new Vector<float>(a[k..]) - new Vector<float>(b[k..]);
                accumulator += d * d;
            }
            sum = Vector.Sum(accumulator);
        }
        for (; k < a.Length; k++)
        {
            var d = a[k] - b[k];
            sum += d * d;
        }
        return sum;
    }
}
