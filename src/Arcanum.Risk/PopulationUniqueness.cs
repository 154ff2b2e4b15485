namespace Arcanum.Risk;

/// <summary>
/// Estimates of the share of the population that is unique on the quasi-identifiers, from the release's class-size
/// histogram, the way ARX's RiskModelPopulationUniqueness reports them (estimated uniques / population size).
/// Dankar et al.'s decision rule (BMC Med Inform Decis Mak 2012, 12:66) picks the model that was most accurate in
/// their evaluation: Pitman at a sampling fraction of 10 % or less (Zayatz when Pitman does not converge); above
/// 10 % the smaller of Zayatz and SNB (Zayatz when SNB has no solution).
/// </summary>
public sealed record PopulationUniqueness(
    double PopulationSize,
    double SamplingFraction,
    double Zayatz,
    double? Pitman,
    double? Snb,
    double? Dankar,
    string? DankarModel,
    string? Note)
{
    /// <summary>The sampling fraction at and below which Dankar's rule uses Pitman's model.</summary>
    public const double DankarPitmanLimit = 0.1;

    /// <param name="histogram">The release's class-size histogram.</param>
    /// <param name="populationSize">People in the population the release was drawn from (at least the release's
    /// records).</param>
    public static PopulationUniqueness Estimate(IReadOnlyList<ClassSizeCount> histogram, double populationSize)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        var n = histogram.Sum(h => (double)h.Size * h.Classes);
        if (n < 1) throw new ArgumentException("The histogram holds no records.", nameof(histogram));
        if (!(populationSize >= n))
            throw new RiskInputException(FormattableString.Invariant(
                $"The population ({populationSize:0}) is smaller than the release ({n:0} records); ") +
                "it must include everyone who could be in the release.");
        var fraction = n / populationSize;
        if (!histogram.Any(h => h.Size == 1))
            return new PopulationUniqueness(
                populationSize, fraction, 0, 0, 0, 0, "none", "No sample uniques, so no population uniques.");
        var zayatz = ZayatzModel.PopulationUniques(histogram, n, populationSize) / populationSize;
        var pitmanCount = PitmanModel.PopulationUniques(histogram, n, populationSize);
        double? pitman = double.IsNaN(pitmanCount) ? null : pitmanCount / populationSize;
        var snbCount = SnbModel.PopulationUniques(histogram, fraction);
        double? snb = double.IsNaN(snbCount) ? null : Math.Min(snbCount, populationSize) / populationSize;
        if (fraction > DankarPitmanLimit)
        {
            return snb is { } s && s > 0
                ? new PopulationUniqueness(populationSize, fraction, zayatz, pitman, snb,
                    Math.Min(zayatz, s), zayatz < s ? "Zayatz" : "SNB", null)
                : new PopulationUniqueness(populationSize, fraction, zayatz, pitman, null, zayatz, "Zayatz",
                    "The SNB model has no solution for this histogram (it needs classes of size 2); Dankar's rule "
                    + "falls back to Zayatz.");
        }
        return pitman is { } p
            ? new PopulationUniqueness(populationSize, fraction, zayatz, pitman, snb, p, "Pitman", null)
            : new PopulationUniqueness(populationSize, fraction, zayatz, null, snb, zayatz, "Zayatz",
                "Pitman's model did not converge; Dankar's rule falls back to Zayatz.");
    }
}
