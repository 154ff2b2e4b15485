namespace Arcanum.Synthesis.Marginal;

/// <summary>
/// A noisy marginal: the counts of one column's cells, or of a pair's cells in row-major order (first column
/// major), each with its Gaussian noise's standard deviation.
/// </summary>
internal sealed record Measurement(int[] Attributes, double[] Values, double[] Sigmas)
{
    /// <summary>The counts of <paramref name="exact"/> plus Gaussian noise of scale <paramref name="sigma"/> in every cell.</summary>
    public static Measurement Measure(int[] attributes, double[] exact, double sigma, Random noise) =>
        new(attributes, [.. exact.Select(x => x + noise.Gaussian(sigma))], [.. exact.Select(_ => sigma)]);
}

/// <summary>Counts of cells, one column or a pair.</summary>
internal static class Contingency
{
    public static double[] Count(int[] cells, int size)
    {
        var counts = new double[size];
        foreach (var c in cells) counts[c]++;
        return counts;
    }

    /// <summary>Pair counts in row-major order: cell (x, y) at x·<paramref name="sizeB"/> + y.</summary>
    public static double[] Count(int[] first, int sizeA, int[] second, int sizeB)
    {
        var counts = new double[sizeA * sizeB];
        for (var r = 0; r < first.Length; r++) counts[first[r] * sizeB + second[r]]++;
        return counts;
    }
}
