namespace Arcanum.Synthesis.Tests.Images;

/// <summary>Row-major feature matrices whose generating distribution, or exact moments, the tests know.</summary>
internal static class FeatureSets
{
    /// <summary>Independent normal columns: <paramref name="rows"/> draws with the given means and spreads.</summary>
    public static float[] Gaussian(int rows, double[] mean, double[] sd, int seed)
    {
        var random = new Random(seed);
        var values = new float[rows * mean.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var j = 0; j < mean.Length; j++)
                values[r * mean.Length + j] = (float)(mean[j] + sd[j] * Normal(random));
        }
        return values;
    }

    /// <summary>Standard normal rows in <paramref name="dimensions"/> dimensions.</summary>
    public static float[] Standard(int rows, int dimensions, int seed) =>
        Gaussian(rows, new double[dimensions], Enumerable.Repeat(1.0, dimensions).ToArray(), seed);

    /// <summary>
    /// The 2d points μ ± c·lᵢ, where lᵢ are the columns of <paramref name="factor"/> (d × d) and c² = (2d − 1)/2:
    /// their sample mean is exactly μ and their sample covariance (n − 1) exactly L·Lᵀ, so the Fréchet distance is
    /// known in closed form.
    /// </summary>
    public static float[] Cloud(double[] mean, double[,] factor)
    {
        var d = mean.Length;
        var c = Math.Sqrt((2.0 * d - 1) / 2);
        var values = new float[2 * d * d];
        for (var i = 0; i < d; i++)
        {
            for (var j = 0; j < d; j++)
            {
                values[2 * i * d + j] = (float)(mean[j] + c * factor[j, i]);
                values[(2 * i + 1) * d + j] = (float)(mean[j] - c * factor[j, i]);
            }
        }
        return values;
    }

    /// <summary>Rows of <paramref name="values"/> with <paramref name="shift"/> added to each.</summary>
    public static float[] Shifted(float[] values, float[] shift)
    {
        var result = new float[values.Length];
        for (var i = 0; i < values.Length; i++) result[i] = values[i] + shift[i % shift.Length];
        return result;
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
