using System.Numerics.Tensors;

namespace Arcanum.Synthesis.Images;

/// <summary>
/// Exact Euclidean nearest neighbours for wide rows (images as rows: thousands of dimensions), by
/// |x − y|² = |x|² + |y|² − 2 x·y. Query rows are taken in blocks that fit in a core's L2 cache and every reference
/// row is read once per block, so memory traffic falls by the block size compared with one query at a time. Blocks
/// run in parallel and each result depends only on its own query, so thread scheduling never changes the output.
/// </summary>
/// <remarks>
/// The expansion loses precision when two rows nearly coincide (float rounding of |x|² is about 1e-7·|x|²), so the
/// distance reported for the winner is recomputed from the differences: an exact copy is exactly 0 apart.
/// Ties go to the lower reference index.
/// </remarks>
internal static class NearestRows
{
    /// <summary>
    /// Bytes of query rows per block: well inside a 1-2 MiB L2. Measured on 2 EPYC cores, 2,000 × 4,096 rows against
    /// 2,000, three times: one row per block 8.8 s, 64 KiB 2.9 s, 256 KiB 2.3 s, 1 MiB 2.6 s.
    /// </summary>
    private const int BlockBytes = 256 * 1024;

    /// <summary>Upper bound on rows per block: keeps the best-so-far arrays small enough for the stack.</summary>
    private const int MaxBlockRows = 64;

    /// <summary>For each query row, the index of its nearest reference row and the Euclidean distance to it.</summary>
    /// <remarks>The caller checks the arguments: lengths count × dimensions, at least one reference row.</remarks>
    public static (int[] Index, double[] Distance) Find(
        float[] queries, int queryCount, float[] references, int referenceCount, int dimensions)
    {
        var queryNorms = SquaredNorms(queries, queryCount, dimensions);
        var referenceNorms = SquaredNorms(references, referenceCount, dimensions);
        var index = new int[queryCount];
        var distance = new double[queryCount];
        var blockRows = Math.Clamp(BlockBytes / (dimensions * sizeof(float)), 1, MaxBlockRows);
        var blocks = (queryCount + blockRows - 1) / blockRows;
        Parallel.For(0, blocks, block =>
        {
            var first = block * blockRows;
            var rows = Math.Min(blockRows, queryCount - first);
            Span<double> best = stackalloc double[rows];
            Span<int> bestIndex = stackalloc int[rows];
            best.Fill(double.PositiveInfinity);
            for (var r = 0; r < referenceCount; r++)
            {
                var reference = references.AsSpan(r * dimensions, dimensions);
                for (var q = 0; q < rows; q++)
                {
                    var dot = TensorPrimitives.Dot(queries.AsSpan((first + q) * dimensions, dimensions), reference);
                    // Rounding can push the squared distance of near-identical rows below 0.
                    var squared = Math.Max(0, queryNorms[first + q] + referenceNorms[r] - 2.0 * dot);
                    if (squared < best[q])
                    {
                        best[q] = squared;
                        bestIndex[q] = r;
                    }
                }
            }
            for (var q = 0; q < rows; q++)
            {
                index[first + q] = bestIndex[q];
                distance[first + q] = TensorPrimitives.Distance(
                    queries.AsSpan((first + q) * dimensions, dimensions),
                    references.AsSpan(bestIndex[q] * dimensions, dimensions));
            }
        });
        return (index, distance);
    }

    private static double[] SquaredNorms(float[] values, int count, int dimensions)
    {
        var norms = new double[count];
        for (var r = 0; r < count; r++)
        {
            var row = values.AsSpan(r * dimensions, dimensions);
            norms[r] = TensorPrimitives.Dot(row, row);
        }
        return norms;
    }
}
