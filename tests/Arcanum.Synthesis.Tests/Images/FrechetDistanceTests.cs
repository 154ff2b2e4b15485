using Arcanum.Synthesis.Images;

namespace Arcanum.Synthesis.Tests.Images;

public sealed class FrechetDistanceTests
{
    [Fact]
    public void Compute_IdenticalSets_IsZero()
    {
        var a = FeatureSets.Gaussian(300, [1, -2, 0, 5, 3], [1, 0.5, 2, 1, 0.1], seed: 1);

        Assert.Equal(0, FrechetDistance.Compute(a, 300, a, 300, 5), 1e-8);
    }

    [Fact]
    public void Compute_ExactDiagonalClouds_MatchClosedForm()
    {
        // Given: two sets whose sample means and diagonal covariances are exactly known.
        double[] meanA = [0, 1, 2], meanB = [1, 1, -1];
        double[] varianceA = [1, 4, 0.25], varianceB = [9, 1, 0.25];
        var a = FeatureSets.Cloud(meanA, Diagonal(varianceA.Select(Math.Sqrt)));
        var b = FeatureSets.Cloud(meanB, Diagonal(varianceB.Select(Math.Sqrt)));

        // When
        var distance = FrechetDistance.Compute(a, 6, b, 6, 3);

        // Then: Σ(√s₁ − √s₂)² + |Δμ|² = (1 − 3)² + (2 − 1)² + 0 + 1 + 0 + 9 = 15.
        Assert.Equal(15, distance, 1e-4);
    }

    [Fact]
    public void Compute_SampledDiagonalGaussians_NearClosedForm()
    {
        double[] meanA = [0, 0, 0, 0], meanB = [1, -0.5, 0, 2];
        double[] sdA = [1, 2, 0.5, 1], sdB = [1.5, 1, 0.5, 3];
        var a = FeatureSets.Gaussian(50_000, meanA, sdA, seed: 2);
        var b = FeatureSets.Gaussian(50_000, meanB, sdB, seed: 3);
        var expected = sdA.Zip(sdB, (x, y) => (x - y) * (x - y)).Sum()
            + meanA.Zip(meanB, (x, y) => (x - y) * (x - y)).Sum();

        var distance = FrechetDistance.Compute(a, 50_000, b, 50_000, 4);

        // 10.5; sampling error of the means alone has a standard deviation of about 0.05 at this size.
        Assert.Equal(expected, distance, 0.2);
    }

    [Fact]
    public void Compute_NonCommutingCovariances_MatchTwoByTwoFormula()
    {
        // Given: Cholesky factors of A = [[4, 2], [2, 3]] and B = [[1, -0.5], [-0.5, 2]]; AB ≠ BA.
        var factorA = new double[,] { { 2, 0 }, { 1, Math.Sqrt(2) } };
        var factorB = new double[,] { { 1, 0 }, { -0.5, Math.Sqrt(1.75) } };
        var a = FeatureSets.Cloud([0, 0], factorA);
        var b = FeatureSets.Cloud([3, -4], factorB);

        // When
        var distance = FrechetDistance.Compute(a, 4, b, 4, 2);

        // Then: for a 2×2 PSD matrix M, Tr √M = √(Tr M + 2√det M), and A^½ B A^½ has trace Tr AB and determinant
        // det A·det B.
        // Tr AB = 4 − 1 − 1 + 6 = 8; det A = 8, det B = 1.75; |Δμ|² = 25; Tr A + Tr B = 10.
        var expected = 25 + 10 - 2 * Math.Sqrt(8 + 2 * Math.Sqrt(8 * 1.75));
        Assert.Equal(expected, distance, 1e-4);
    }

    [Fact]
    public void Compute_SwappedSets_SameDistance()
    {
        var a = FeatureSets.Gaussian(200, [0, 0, 0], [1, 1, 1], seed: 4);
        var b = FeatureSets.Gaussian(150, [0.5, 0, -1], [2, 0.5, 1], seed: 5);

        Assert.Equal(FrechetDistance.Compute(a, 200, b, 150, 3), FrechetDistance.Compute(b, 150, a, 200, 3), 1e-9);
    }

    [Fact]
    public void Compute_TranslatedCopy_IsSquaredNormOfShift()
    {
        var a = FeatureSets.Standard(100, 6, seed: 6);
        float[] shift = [1, -2, 0.5f, 0, 3, -1];

        var distance = FrechetDistance.Compute(a, 100, FeatureSets.Shifted(a, shift), 100, 6);

        Assert.Equal(shift.Sum(s => s * s), distance, 1e-3);
    }

    [Fact]
    public void Compute_FewerRowsThanDimensions_StillExact()
    {
        // Three rows in ten dimensions: both covariances have rank 2, so eigenvalues round to tiny negatives.
        var a = FeatureSets.Standard(3, 10, seed: 7);
        var shift = Enumerable.Range(0, 10).Select(i => (float)(i % 3)).ToArray();

        Assert.Equal(0, FrechetDistance.Compute(a, 3, a, 3, 10), 1e-6);
        Assert.Equal(shift.Sum(s => s * s), FrechetDistance.Compute(a, 3, FeatureSets.Shifted(a, shift), 3, 10), 1e-3);
    }

    [Fact]
    public void Compute_OneRow_Throws()
    {
        var error = Assert.Throws<ArgumentException>(
            () => FrechetDistance.Compute(new float[2], 1, new float[4], 2, 2));

        Assert.Equal("countA", error.ParamName);
    }

    [Fact]
    public void Compute_LengthNotCountTimesDimensions_Throws()
    {
        var error = Assert.Throws<ArgumentException>(
            () => FrechetDistance.Compute(new float[6], 3, new float[7], 3, 2));

        Assert.Equal("b", error.ParamName);
        Assert.Contains("7 values", error.Message);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Compute_NonFiniteValue_ThrowsNamingRow(float bad)
    {
        var b = new float[6];
        b[5] = bad;

        var error = Assert.Throws<ArgumentException>(() => FrechetDistance.Compute(new float[6], 3, b, 3, 2));

        Assert.Equal("b", error.ParamName);
        Assert.Contains("row 2, dimension 1", error.Message);
    }

    [Fact]
    public void Compute_ZeroDimensions_Throws() =>
        Assert.ThrowsAny<ArgumentException>(() => FrechetDistance.Compute([], 2, [], 2, 0));

    private static double[,] Diagonal(IEnumerable<double> values)
    {
        var list = values.ToArray();
        var matrix = new double[list.Length, list.Length];
        for (var i = 0; i < list.Length; i++) matrix[i, i] = list[i];
        return matrix;
    }
}
