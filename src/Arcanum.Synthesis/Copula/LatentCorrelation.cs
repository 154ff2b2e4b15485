using System.Runtime.CompilerServices;

namespace Arcanum.Synthesis.Copula;

/// <summary>The correlation of the copula's latent normal dimensions, estimated from the real rows' latent values.</summary>
internal static class LatentCorrelation
{
    /// <summary>The smallest Cholesky pivot accepted: below it the conditionals the sampler needs lose all precision.</summary>
    public const double MinPivot = 1e-6;

    private static readonly double[] Shrinkages = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1];

    private const int RowsPerChunk = 2048;

    /// <summary>
    /// The latent correlation by stochastic EM on Hoff's extended rank likelihood (Ann. Appl. Stat. 1, 2007):
    /// starting from the jittered latents, each sweep re-draws every free latent (a level's, a missing
    /// flag's, a tied run's, a missing number's) from its normal conditional given the row's other latents,
    /// truncated to its interval, then re-estimates the correlation; the estimate is the mean over the second
    /// half of the sweeps. Jitter alone (SDV's copula) dilutes the correlation of a discrete column with
    /// everything else, so a category that rises with a number would rise less in the synthetic rows.
    /// </summary>
    /// <returns>The correlation, positive definite, and the largest shrinkage toward the identity that took (see <see cref="PositiveDefinite"/>).</returns>
    public static (double[,] Matrix, double Shrinkage) Estimate(IReadOnlyList<LatentColumn> columns, int sweeps, int seed)
    {
        var (sigma, shrinkage) = PositiveDefinite(Pairwise(columns.Select(c => c.Values).ToArray()));
        var free = Enumerable.Range(0, columns.Count).Where(k => columns[k].HasFreeRows).ToArray();
        if (sweeps == 0 || free.Length == 0) return (sigma, shrinkage);

        // Rows one after another, so a row's latents are contiguous for the conditionals; a missing number starts at its mean.
        var d = columns.Count;
        var n = columns[0].Values.Length;
        var z = new double[n * d];
        for (var k = 0; k < d; k++)
        {
            var values = columns[k].Values;
            for (var r = 0; r < n; r++) z[r * d + k] = double.IsNaN(values[r]) ? 0 : values[r];
        }
        var sum = new double[d, d];
        var kept = 0;
        var largest = shrinkage;
        for (var sweep = 1; sweep <= sweeps; sweep++)
        {
            var precision = Cholesky.InverseOfProduct(Cholesky.DecomposeClamped(sigma, MinPivot), d);
            Sweep(z, d, columns, free, precision, unchecked(seed * 1_000_003 + sweep * 7919));
            (sigma, shrinkage) = PositiveDefinite(Complete(z, d));
            if (sweep <= sweeps / 2) continue;
            kept++;
            largest = Math.Max(largest, shrinkage);
            for (var i = 0; i < d; i++)
            {
                for (var j = 0; j < d; j++) sum[i, j] += sigma[i, j];
            }
        }
        for (var i = 0; i < d; i++)
        {
            for (var j = 0; j < d; j++) sum[i, j] /= kept;
        }
        var (average, last) = PositiveDefinite(sum);
        return (average, Math.Max(largest, last));
    }

    /// <summary>Re-draws every free latent from its conditional given the rest of its row; rows in fixed chunks, each with its own seeded source, so threads do not change the result.</summary>
    private static void Sweep(double[] z, int d, IReadOnlyList<LatentColumn> columns, int[] free, double[,] precision, int seed)
    {
        var rows = z.Length / d;
        var weights = free.Select(k => Enumerable.Range(0, d).Select(j => j == k ? 0 : -precision[k, j] / precision[k, k]).ToArray()).ToArray();
        var sds = free.Select(k => 1 / Math.Sqrt(precision[k, k])).ToArray();
        Parallel.For(0, (rows + RowsPerChunk - 1) / RowsPerChunk, chunk =>
            SweepRows(z, d, chunk * RowsPerChunk, Math.Min(rows, (chunk + 1) * RowsPerChunk), columns, free, weights, sds, new Random(unchecked(seed + chunk))));
    }

    // Fitting runs once per process, so the hot loops are compiled optimized from the start rather than tiered up.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SweepRows(double[] z, int d, int from, int to, IReadOnlyList<LatentColumn> columns, int[] free, double[][] weights, double[] sds, Random random)
    {
        for (var r = from; r < to; r++)
        {
            var row = z.AsSpan(r * d, d);
            for (var f = 0; f < free.Length; f++)
            {
                var column = columns[free[f]];
                if (!column.IsFree(r)) continue;
                var w = weights[f];
                var mean = 0.0;
                for (var j = 0; j < d; j++) mean += w[j] * row[j];
                var sd = sds[f];
                row[free[f]] = mean + sd * TruncatedNormal.Standard((column.Lower[r] - mean) / sd, (column.Upper[r] - mean) / sd, random);
            }
        }
    }

    /// <summary>The Pearson correlation of complete rows laid out one after another.</summary>
    private static double[,] Complete(double[] z, int d)
    {
        var rows = z.Length / d;
        var chunks = (rows + RowsPerChunk - 1) / RowsPerChunk;
        var partial = new double[chunks][];
        Parallel.For(0, chunks, chunk => partial[chunk] = Sums(z, d, chunk * RowsPerChunk, Math.Min(rows, (chunk + 1) * RowsPerChunk)));
        var total = new double[d + d * d];
        foreach (var sums in partial)
        {
            for (var i = 0; i < total.Length; i++) total[i] += sums[i];
        }
        var result = new double[d, d];
        for (var i = 0; i < d; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var covariance = total[d + i * d + j] / rows - total[i] / rows * (total[j] / rows);
                var vi = total[d + i * d + i] / rows - total[i] / rows * (total[i] / rows);
                var vj = total[d + j * d + j] / rows - total[j] / rows * (total[j] / rows);
                var r = i == j ? 1 : vi > 0 && vj > 0 ? Math.Clamp(covariance / Math.Sqrt(vi * vj), -1, 1) : 0;
                result[i, j] = r;
                result[j, i] = r;
            }
        }
        return result;
    }

    /// <summary>Sums of each latent and of each product of two (lower triangle), over rows <paramref name="from"/> to <paramref name="to"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double[] Sums(double[] z, int d, int from, int to)
    {
        var sums = new double[d + d * d];
        for (var r = from; r < to; r++)
        {
            var row = z.AsSpan(r * d, d);
            for (var i = 0; i < d; i++)
            {
                sums[i] += row[i];
                var products = sums.AsSpan(d + i * d, i + 1);
                for (var j = 0; j <= i; j++) products[j] += row[i] * row[j];
            }
        }
        return sums;
    }

    /// <summary>
    /// Pearson correlation of every pair of latent columns over the rows where both are present (a number's
    /// value dimension is absent where the number is missing); 0 where a pair has fewer than 3 such rows or
    /// no spread.
    /// </summary>
    public static double[,] Pairwise(IReadOnlyList<double[]> latent)
    {
        var d = latent.Count;
        var result = new double[d, d];
        for (var i = 0; i < d; i++) result[i, i] = 1;
        Parallel.For(0, d, i =>
        {
            for (var j = i + 1; j < d; j++)
            {
                var r = Pearson(latent[i], latent[j]);
                result[i, j] = r;
                result[j, i] = r;
            }
        });
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Pearson(double[] x, double[] y)
    {
        long n = 0;
        double sx = 0, sy = 0;
        for (var r = 0; r < x.Length; r++)
        {
            if (double.IsNaN(x[r]) || double.IsNaN(y[r])) continue;
            n++;
            sx += x[r];
            sy += y[r];
        }
        if (n < 3) return 0;
        double mx = sx / n, my = sy / n, sxx = 0, syy = 0, sxy = 0;
        for (var r = 0; r < x.Length; r++)
        {
            if (double.IsNaN(x[r]) || double.IsNaN(y[r])) continue;
            var dx = x[r] - mx;
            var dy = y[r] - my;
            sxx += dx * dx;
            syy += dy * dy;
            sxy += dx * dy;
        }
        return sxx > 0 && syy > 0 ? Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1, 1) : 0;
    }

    /// <summary>
    /// The correlation itself when it is safely positive definite, else the least shrinkage toward the
    /// identity, (1 − λ)·R + λ·I, that makes it so: pairwise estimates and duplicated columns can leave R
    /// singular or indefinite.
    /// </summary>
    public static (double[,] Matrix, double Shrinkage) PositiveDefinite(double[,] correlation)
    {
        if (Cholesky.TryDecompose(correlation, MinPivot) is not null) return (correlation, 0);
        var d = correlation.GetLength(0);
        foreach (var lambda in Shrinkages)
        {
            var shrunk = new double[d, d];
            for (var i = 0; i < d; i++)
            {
                for (var j = 0; j < d; j++) shrunk[i, j] = i == j ? 1 : (1 - lambda) * correlation[i, j];
            }
            if (Cholesky.TryDecompose(shrunk, MinPivot) is not null) return (shrunk, lambda);
        }
        throw new InvalidOperationException("The identity failed a Cholesky decomposition.");
    }
}
