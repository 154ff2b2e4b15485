namespace Arcanum.Synthesis.Copula;

/// <summary>Cholesky factors of small symmetric matrices (the copula's latent correlation: one row per latent dimension).</summary>
internal static class Cholesky
{
    /// <summary>Lower-triangular L with L·Lᵀ = <paramref name="a"/>, or null when a pivot falls below <paramref name="minPivot"/> (not safely positive definite).</summary>
    public static double[,]? TryDecompose(double[,] a, double minPivot) => Decompose(a, minPivot, clamp: false);

    /// <summary>
    /// As <see cref="TryDecompose"/>, but a pivot below <paramref name="floor"/> is raised to it: a guard for
    /// reorderings of a matrix already known to be positive definite, whose pivots can differ in rounding.
    /// </summary>
    public static double[,] DecomposeClamped(double[,] a, double floor) => Decompose(a, floor, clamp: true)!;

    private static double[,]? Decompose(double[,] a, double minPivot, bool clamp)
    {
        var n = a.GetLength(0);
        var l = new double[n, n];
        for (var j = 0; j < n; j++)
        {
            var pivot = a[j, j];
            for (var k = 0; k < j; k++) pivot -= l[j, k] * l[j, k];
            if (!(pivot >= minPivot))
            {
                if (!clamp) return null;
                pivot = minPivot;
            }
            var diagonal = Math.Sqrt(pivot);
            l[j, j] = diagonal;
            for (var i = j + 1; i < n; i++)
            {
                var sum = a[i, j];
                for (var k = 0; k < j; k++) sum -= l[i, k] * l[j, k];
                l[i, j] = sum / diagonal;
            }
        }
        return l;
    }

    /// <summary>The inverse of L·Lᵀ for the leading <paramref name="size"/>×<paramref name="size"/> block of a Cholesky factor.</summary>
    public static double[,] InverseOfProduct(double[,] l, int size)
    {
        var inverse = new double[size, size]; // L⁻¹, lower triangular
        for (var column = 0; column < size; column++)
        {
            inverse[column, column] = 1 / l[column, column];
            for (var i = column + 1; i < size; i++)
            {
                var sum = 0.0;
                for (var k = column; k < i; k++) sum -= l[i, k] * inverse[k, column];
                inverse[i, column] = sum / l[i, i];
            }
        }
        var result = new double[size, size]; // (L Lᵀ)⁻¹ = L⁻ᵀ L⁻¹
        for (var i = 0; i < size; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = 0.0;
                for (var k = i; k < size; k++) sum += inverse[k, i] * inverse[k, j];
                result[i, j] = sum;
                result[j, i] = sum;
            }
        }
        return result;
    }
}
