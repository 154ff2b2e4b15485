namespace Arcanum.Risk;

/// <summary>
/// El Emam's re-identification risk measures ("Guide to the De-Identification of Personal Health Information",
/// CRC Press 2013; as ARX's RiskModelSampleSummary reports them) as pure functions of class sizes.
/// Prosecutor: the attacker knows the target is in the release, so a record in a class of size f is re-identified
/// with probability 1/f. Journalist: the attacker matches against a population table (an identification database),
/// so the probability is 1/F with F the size of the record's class there. Marketer: the attacker tries to
/// re-identify as many records as possible; the expected share is what counts, not any one record.
/// </summary>
public static class ReidentificationRisk
{
    /// <param name="sizes">The size of every class in the release.</param>
    /// <param name="thresholds">Probabilities above which a record counts as at risk.</param>
    public static AttackerRisk Prosecutor(IReadOnlyList<int> sizes, IReadOnlyList<double> thresholds) =>
        Journalist(sizes, sizes, thresholds);

    /// <param name="sampleSizes">The size of every class in the release.</param>
    /// <param name="populationSizes">The size of the same classes in the population table (each at least the
    /// sample's).</param>
    /// <param name="thresholds">Probabilities above which a record counts as at risk.</param>
    public static AttackerRisk Journalist(
        IReadOnlyList<int> sampleSizes, IReadOnlyList<int> populationSizes, IReadOnlyList<double> thresholds)
    {
        Check(sampleSizes, populationSizes);
        ArgumentNullException.ThrowIfNull(thresholds);
        var records = 0L;
        var populationRecords = 0L;
        var smallest = int.MaxValue;
        var expected = 0.0;
        var atRisk = new long[thresholds.Count];
        for (var c = 0; c < sampleSizes.Count; c++)
        {
            int f = sampleSizes[c], big = populationSizes[c];
            records += f;
            populationRecords += big;
            smallest = Math.Min(smallest, big);
            expected += (double)f / big;
            for (var t = 0; t < thresholds.Count; t++)
            {
                if (1.0 / big > thresholds[t]) atRisk[t] += f;
            }
        }
        // With a population table ARX takes the larger of two average estimates: classes over population records
        // matched, and the mean of f/F over records. Without one (F = f) both are classes / records.
        var average = Math.Max(sampleSizes.Count / (double)populationRecords, expected / records);
        var shares = thresholds
            .Select((t, i) => new RecordsAtRisk(t, (int)atRisk[i], atRisk[i] / (double)records))
            .ToArray();
        return new AttackerRisk(1.0 / smallest, average, shares);
    }

    /// <summary>The expected share of records a marketer re-identifies: the mean over records of f/F (classes/records
    /// without a population).</summary>
    public static double Marketer(IReadOnlyList<int> sampleSizes, IReadOnlyList<int> populationSizes)
    {
        Check(sampleSizes, populationSizes);
        var records = 0L;
        var expected = 0.0;
        for (var c = 0; c < sampleSizes.Count; c++)
        {
            records += sampleSizes[c];
            expected += (double)sampleSizes[c] / populationSizes[c];
        }
        return expected / records;
    }

    /// <summary>Classes and records below each k, sample uniques and k itself.</summary>
    public static IReadOnlyList<SmallClasses> Below(IReadOnlyList<int> sizes, IReadOnlyList<int> ks)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        ArgumentNullException.ThrowIfNull(ks);
        var records = sizes.Sum(s => (long)s);
        return ks.Select(k =>
        {
            var small = sizes.Where(s => s < k).ToArray();
            var inSmall = small.Sum(s => (long)s);
            return new SmallClasses(k, small.Length, (int)inSmall, records == 0 ? 0 : inSmall / (double)records);
        }).ToArray();
    }

    /// <summary>The class-size histogram, smallest size first.</summary>
    public static IReadOnlyList<ClassSizeCount> Histogram(IEnumerable<int> sizes) =>
        sizes.GroupBy(s => s).OrderBy(g => g.Key).Select(g => new ClassSizeCount(g.Key, g.Count())).ToArray();

    private static void Check(IReadOnlyList<int> sample, IReadOnlyList<int> population)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(population);
        if (sample.Count == 0) throw new ArgumentException("There are no classes: the release has no records.");
        if (sample.Count != population.Count)
            throw new ArgumentException($"{sample.Count} release classes but {population.Count} population sizes.");
        for (var c = 0; c < sample.Count; c++)
        {
            if (sample[c] < 1)
                throw new ArgumentException($"Class {c} has size {sample[c]}; every class has at least one record.");
            if (population[c] < sample[c])
                throw new ArgumentException($"Class {c} has {sample[c]} records in the release but {population[c]} " +
                    "in the population; the population must hold every released record.");
        }
    }
}
