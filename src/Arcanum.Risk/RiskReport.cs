namespace Arcanum.Risk;

/// <summary>
/// Everything <c>arcanum risk</c> measures about one release. Holds counts, shares and column names only, never a
/// value from the data, so it can be written, logged and shared.
/// </summary>
public sealed record RiskReport
{
    public required string Source { get; init; }
    public required int Records { get; init; }
    public required IReadOnlyList<string> QuasiIdentifiers { get; init; }
    public required int Classes { get; init; }

    /// <summary>The size of the smallest class: the release is k-anonymous for this k.</summary>
    public required int K { get; init; }

    /// <summary>Records alone in their class.</summary>
    public required int SampleUniques { get; init; }
    public required IReadOnlyList<SmallClasses> BelowK { get; init; }
    public required IReadOnlyList<ClassSizeCount> ClassSizes { get; init; }
    public required AttackerRisk Prosecutor { get; init; }
    public required AttackerRisk Journalist { get; init; }

    /// <summary>What the journalist figures assume about the population they are matched against.</summary>
    public required string JournalistBasis { get; init; }
    public required double Marketer { get; init; }
    public required string MarketerBasis { get; init; }
    public PopulationUniqueness? PopulationUniqueness { get; init; }
    public required IReadOnlyList<SensitiveDiversity> Sensitive { get; init; }
    public required RiskVerdict Verdict { get; init; }
}
