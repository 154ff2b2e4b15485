namespace Arcanum.Risk;

/// <summary>What to measure: the quasi-identifiers an attacker may know, sensitive columns, and the
/// population.</summary>
public sealed record RiskOptions
{
    /// <summary>
    /// The population of the USA used by <c>--population usa</c>: ARX's own figure for its USA population model, so the
    /// uniqueness estimates compare with ARX's (the 2020 census counted 331.4 million).
    /// </summary>
    public const double UsaPopulation = 317_238_626;

    /// <summary>Columns an attacker can learn from outside sources (age, sex, ZIP3, dates...).</summary>
    public IReadOnlyList<string> QuasiIdentifiers { get; init; } = [];

    /// <summary>Columns whose values must not be inferable from a record's class (diagnosis...).</summary>
    public IReadOnlyList<string> Sensitive { get; init; } = [];

    /// <summary>People in the population the release was drawn from; null leaves population uniqueness out.</summary>
    public double? PopulationSize { get; init; }

    /// <summary>Re-identification probabilities above which a record is counted as at risk (ARX's defaults include
    /// these).</summary>
    public IReadOnlyList<double> RiskThresholds { get; init; } = [0.2, 0.33, 0.5];

    /// <summary>k values for which the records in smaller classes are counted.</summary>
    public IReadOnlyList<int> KThresholds { get; init; } = [2, 3, 5, 10];

    /// <summary>Throws <see cref="RiskInputException"/> describing the first invalid setting.</summary>
    public void Validate()
    {
        if (QuasiIdentifiers is null || QuasiIdentifiers.Count == 0)
            throw new RiskInputException(
                "Name at least one quasi-identifier (the columns an attacker could know, e.g. age,sex,zip3).");
        if (Sensitive is null) throw new RiskInputException("Sensitive columns cannot be null; use an empty list.");
        Unique(QuasiIdentifiers, "quasi-identifier");
        Unique(Sensitive, "sensitive column");
        if (QuasiIdentifiers.Any(string.IsNullOrWhiteSpace) || Sensitive.Any(string.IsNullOrWhiteSpace))
            throw new RiskInputException("A column name is empty; check for a stray comma.");
        if (Sensitive.FirstOrDefault(QuasiIdentifiers.Contains) is { } both)
            throw new RiskInputException(
                $"'{both}' is both a quasi-identifier and sensitive; a column is one or the other.");
        if (PopulationSize is { } p && !(p >= 1 && double.IsFinite(p)))
            throw new RiskInputException($"The population size must be a positive number of people, not {p}.");
        if (RiskThresholds is null || RiskThresholds.Any(t => !(t > 0 && t <= 1)))
            throw new RiskInputException("Risk thresholds are probabilities in (0, 1].");
        if (KThresholds is null || KThresholds.Any(k => k < 2))
            throw new RiskInputException("k thresholds are class sizes of at least 2.");
    }

    private static void Unique(IReadOnlyList<string> names, string what)
    {
        var twice = names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new RiskInputException($"The {what} '{twice.Key}' is named twice.");
    }
}
