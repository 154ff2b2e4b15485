using Arcanum.Synthesis.Images;

namespace Arcanum.Synthesis.Tests.Images;

public sealed class NearestRowsTests
{
    [Theory]
    [InlineData(150, 97, 3000)] // 21 query rows per block: seven full blocks and a partial one.
    [InlineData(70, 40, 7)] // narrow rows: 64 per block, a width that is no multiple of a SIMD vector.
    public void Find_RandomRows_MatchesBruteForce(int queryCount, int referenceCount, int dimensions)
    {
        var queries = FeatureSets.Standard(queryCount, dimensions, seed: 1);
        var references = FeatureSets.Standard(referenceCount, dimensions, seed: 2);

        var (index, distance) = NearestRows.Find(queries, queryCount, references, referenceCount, dimensions);

        for (var q = 0; q < queryCount; q++)
        {
            var query = queries.AsSpan(q * dimensions, dimensions);
            var (bestIndex, bestDistance) = BruteForce(query, references, dimensions);
            Assert.Equal(bestIndex, index[q]);
            Assert.Equal(bestDistance, distance[q], bestDistance * 1e-5);
        }
    }

    [Fact]
    public void Find_EqualDistances_TakesLowerIndex()
    {
        float[] references = [-1, 1, 1, 3];

        var (index, distance) = NearestRows.Find([0, 2], 2, references, 4, 1);

        Assert.Equal([0, 1], index);
        Assert.Equal([1.0, 1.0], distance);
    }

    private static (int Index, double Distance) BruteForce(
        ReadOnlySpan<float> query, float[] references, int dimensions)
    {
        var best = (Index: -1, Distance: double.PositiveInfinity);
        for (var r = 0; r < references.Length / dimensions; r++)
        {
            var sum = 0.0;
            for (var j = 0; j < dimensions; j++)
            {
                var d = (double)query[j] - references[r * dimensions + j];
                sum += d * d;
            }
            if (Math.Sqrt(sum) < best.Distance) best = (r, Math.Sqrt(sum));
        }
        return best;
    }
}
