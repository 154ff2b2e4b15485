namespace Arcanum.Risk;

/// <summary>
/// Zayatz (1991, "Estimation of the number of unique population elements using a sample", US Census Bureau) as
/// ARX uses it: the chance that a sample unique is also unique in the population is estimated from how likely each
/// observed class size is to leave exactly one member in a simple random sample, weighted by how often that size
/// occurs; the sample uniques, so weighted and scaled by the sampling fraction, estimate the population uniques.
/// </summary>
internal static class ZayatzModel
{
    /// <returns>The estimated number of unique records in the population.</returns>
    public static double PopulationUniques(
        IReadOnlyList<ClassSizeCount> histogram, double sampleSize, double populationSize)
    {
        var uniques = histogram.Where(h => h.Size == 1).Sum(h => (double)h.Classes);
        if (uniques == 0) return 0;
        var all = 0.0;
        foreach (var h in histogram) all += h.Classes * Hypergeometric.ExactlyOne(populationSize, h.Size, sampleSize);
        var unique = uniques * Hypergeometric.ExactlyOne(populationSize, 1, sampleSize);
        var conditional = unique / all;
        return uniques * conditional / (sampleSize / populationSize);
    }
}
