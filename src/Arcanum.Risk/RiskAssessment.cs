using Arcanum.Data.Tables;

namespace Arcanum.Risk;

/// <summary>Measures a release's re-identification risk: groups it into equivalence classes and applies every
/// measure.</summary>
public static class RiskAssessment
{
    /// <param name="release">The table to be released.</param>
    /// <param name="options">Quasi-identifiers, sensitive columns and population size.</param>
    /// <param name="population">
    /// Optional population table (an identification database holding at least every released person) with the same
    /// quasi-identifier columns: journalist and marketer risk are then measured against it.
    /// </param>
    /// <exception cref="RiskInputException">A setting or a table cannot be measured; the message says why.</exception>
    public static RiskReport Measure(DataTable release, RiskOptions options, DataTable? population = null)
    {
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var name = Path.GetFileName(release.Source ?? "the release");
        if (release.RowCount == 0) throw new RiskInputException($"{name} has no records; there is nothing to measure.");
        var classes = EquivalenceClasses.Group(release, options.QuasiIdentifiers);
        var sensitive = options.Sensitive.Select(s => ColumnNames.Require(release, s, "Sensitive column")).ToArray();
        var sizes = classes.Sizes;
        var prosecutor = ReidentificationRisk.Prosecutor(sizes, options.RiskThresholds);

        AttackerRisk journalist;
        double marketer;
        string journalistBasis, marketerBasis;
        if (population is null)
        {
            journalist = prosecutor;
            marketer = ReidentificationRisk.Marketer(sizes, sizes);
            journalistBasis = "No population table: the release is assumed to be the population an attacker matches " +
                "against, so journalist risk equals prosecutor risk (an upper bound; a --population-table lowers it).";
            marketerBasis = "No population table: the expected share re-identified is classes / records.";
        }
        else
        {
            var populationSizes = PopulationSizes(classes, population, options.QuasiIdentifiers, name);
            journalist = ReidentificationRisk.Journalist(sizes, populationSizes, options.RiskThresholds);
            marketer = ReidentificationRisk.Marketer(sizes, populationSizes);
            var of = Path.GetFileName(population.Source ?? "the population table");
            journalistBasis =
                $"Matched against {of} ({population.RowCount} records): a record's risk is 1 / its class size there.";
            marketerBasis = $"The mean over released records of (class size in the release) / (class size in {of}).";
        }

        var histogram = ReidentificationRisk.Histogram(sizes);
        var uniques = histogram.FirstOrDefault(h => h.Size == 1).Classes;
        return new RiskReport
        {
            Source = name,
            Records = release.RowCount,
            QuasiIdentifiers = [.. options.QuasiIdentifiers],
            Classes = classes.Count,
            K = histogram[0].Size,
            SampleUniques = uniques,
            BelowK = ReidentificationRisk.Below(sizes, options.KThresholds),
            ClassSizes = histogram,
            Prosecutor = prosecutor,
            Journalist = journalist,
            JournalistBasis = journalistBasis,
            Marketer = marketer,
            MarketerBasis = marketerBasis,
            PopulationUniqueness = options.PopulationSize is { } n ? PopulationUniqueness.Estimate(histogram, n) : null,
            Sensitive = sensitive.Select(s => DiversityMeasures.Measure(classes, s)).ToArray(),
            Verdict = RiskVerdict.Judge(prosecutor),
        };
    }

    private static int[] PopulationSizes(
        EquivalenceClasses classes, DataTable population, IReadOnlyList<string> qis, string name)
    {
        if (population.RowCount < classes.RecordCount)
            throw new RiskInputException($"The population table has {population.RowCount} records, fewer than the " +
                $"{classes.RecordCount} released; it must include every released person.");
        var sizes = classes.SizesIn(EquivalenceClasses.Group(population, qis));
        var short_ = sizes.Where((s, c) => s < classes.Sizes[c]).Count();
        if (short_ > 0)
            throw new RiskInputException($"{short_} of the {classes.Count} equivalence classes of {name} have fewer " +
                "records in the population table than in the release; the population must include every released " +
                "person with the same quasi-identifier values.");
        return sizes;
    }
}
