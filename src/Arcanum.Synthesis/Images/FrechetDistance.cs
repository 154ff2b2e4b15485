using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace Arcanum.Synthesis.Images;

/// <summary>
/// The Fréchet distance between two sets of feature vectors, each summarised by a Gaussian (mean, covariance):
/// FD = |μa − μb|² + Tr(Ca + Cb − 2 (Ca^½ Cb Ca^½)^½). With Inception features this is FID; the formula does not
/// care which network made the features. 0 for identical sets; it grows with both a shift of the mean and a change
/// of spread.
/// </summary>
/// <remarks>
/// Cost is dominated by two d×d symmetric eigendecompositions and two d×d products (O(d³), managed code), plus
/// O(n·d²) for the covariances; memory is a few d×d double matrices (32 MiB each at d = 2048). MathNet's managed
/// eigensolver is single-threaded: 4,096 rows per set at d = 2048 took 80 s on 2 cores, 1,024 rows at d = 512 took
/// 1 s. Pass network features, not pixels. Like every FD, the value is biased upwards for small sets (the bias shrinks
/// roughly as 1/n), so compare values computed from equally many rows.
/// </remarks>
public static class FrechetDistance
{
    /// <summary>Rows per covariance chunk: bounds the centred double copy to 256 × d, whatever n is.</summary>
    private const int ChunkRows = 256;

    /// <summary>Fréchet distance of the Gaussians fitted to <paramref name="a"/> and <paramref name="b"/>.</summary>
    /// <param name="a">Row-major features, <paramref name="countA"/> rows of <paramref name="dimensions"/>.</param>
    /// <param name="countA">Rows of <paramref name="a"/>; at least 2 (the covariance divides by n − 1).</param>
    /// <param name="b">Row-major features, <paramref name="countB"/> rows of <paramref name="dimensions"/>.</param>
    /// <param name="countB">Rows of <paramref name="b"/>; at least 2.</param>
    /// <param name="dimensions">Features per row.</param>
    /// <exception cref="ArgumentException">
    /// A count below 2, an array whose length is not count × dimensions, or a non-finite value.
    /// </exception>
    public static double Compute(float[] a, int countA, float[] b, int countB, int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        FeatureRows.Check(a, countA, dimensions, 2, nameof(a), nameof(countA));
        FeatureRows.Check(b, countB, dimensions, 2, nameof(b), nameof(countB));
        var (meanA, covarianceA) = Moments(a, countA, dimensions);
        var (meanB, covarianceB) = Moments(b, countB, dimensions);
        var gap = meanA - meanB;
        var distance = gap.DotProduct(gap) + covarianceA.Trace() + covarianceB.Trace()
            - 2 * TraceOfRootProduct(covarianceA, covarianceB);
        // A squared distance: rounding can take identical sets a hair below 0.
        return Math.Max(0, distance);
    }

    /// <summary>
    /// Tr((Ca^½ Cb Ca^½)^½). With Ca = V diag(λ) Vᵀ and W = V diag(√λ), Ca^½ Cb Ca^½ = V (Wᵀ Cb W) Vᵀ, so it has the
    /// eigenvalues of the symmetric Wᵀ Cb W: one product fewer than forming Ca^½, and a symmetric eigensolver never
    /// returns the complex noise a general square root (scipy's sqrtm) gives on near-singular covariances.
    /// </summary>
    internal static double TraceOfRootProduct(Matrix<double> covarianceA, Matrix<double> covarianceB)
    {
        var evd = covarianceA.Evd(Symmetricity.Symmetric);
        var w = evd.EigenVectors.Clone();
        for (var j = 0; j < w.ColumnCount; j++)
        {
            // A covariance's eigenvalues are ≥ 0; tiny negatives are rounding in a rank-deficient one.
            var root = Math.Sqrt(Math.Max(0, evd.EigenValues[j].Real));
            w.SetColumn(j, w.Column(j) * root);
        }
        var inner = w.TransposeThisAndMultiply(covarianceB * w);
        // Symmetric in exact arithmetic; averaging with the transpose removes rounding the solver would ignore.
        var symmetric = (inner + inner.Transpose()) * 0.5;
        var eigenvalues = symmetric.Evd(Symmetricity.Symmetric).EigenValues;
        var trace = 0.0;
        for (var i = 0; i < eigenvalues.Count; i++) trace += Math.Sqrt(Math.Max(0, eigenvalues[i].Real));
        return trace;
    }

    /// <summary>Mean and sample covariance (n − 1), accumulated in double over chunks of centred rows.</summary>
    internal static (Vector<double> Mean, Matrix<double> Covariance) Moments(float[] values, int count, int dimensions)
    {
        var mean = new double[dimensions];
        for (var r = 0; r < count; r++)
        {
            var row = values.AsSpan(r * dimensions, dimensions);
            for (var j = 0; j < dimensions; j++) mean[j] += row[j];
        }
        for (var j = 0; j < dimensions; j++) mean[j] /= count;

        var covariance = Matrix<double>.Build.Dense(dimensions, dimensions);
        var product = Matrix<double>.Build.Dense(dimensions, dimensions);
        for (var start = 0; start < count; start += ChunkRows)
        {
            var rows = Math.Min(ChunkRows, count - start);
            var columnMajor = new double[rows * dimensions];
            for (var i = 0; i < rows; i++)
            {
                var row = values.AsSpan((start + i) * dimensions, dimensions);
                for (var j = 0; j < dimensions; j++) columnMajor[j * rows + i] = row[j] - mean[j];
            }
            var chunk = Matrix<double>.Build.Dense(rows, dimensions, columnMajor);
            chunk.TransposeThisAndMultiply(chunk, product);
            covariance.Add(product, covariance);
        }
        covariance.Divide(count - 1, covariance);
        return (Vector<double>.Build.Dense(mean), covariance);
    }
}
