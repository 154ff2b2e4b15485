namespace Arcanum.Cases.Knowledge;

/// <summary>
/// A disease: <see cref="Prevalence"/> is its weight among patients of an age band and sex whose factors are 1;
/// <see cref="AgeFactors"/> (band name to factor) and <see cref="SexFactors"/> ("F"/"M" to factor) multiply it.
/// Findings it does not list never occur with it.
/// </summary>
public sealed record Disease
{
    public required string Name { get; init; }

    /// <summary>An ICD-10 code or similar; informative only.</summary>
    public string? Code { get; init; }

    public required double Prevalence { get; init; }

    /// <summary>1 (mild) to 5 (life-threatening), when known.</summary>
    public int? Severity { get; init; }

    public IReadOnlyDictionary<string, double>? AgeFactors { get; init; }

    public IReadOnlyDictionary<string, double>? SexFactors { get; init; }

    /// <summary>Set when prevalence and factors were estimated from records rather than written by an expert.</summary>
    public Estimate? Estimated { get; init; }

    public required IReadOnlyList<DiseaseFinding> Findings { get; init; }
}

/// <summary>
/// How likely a finding is with a disease: <see cref="P"/> is the probability it is present once its gate is (or
/// at all, when ungated); <see cref="Cells"/> override it for an age band, a sex, or both (the most specific
/// match wins). <see cref="Values"/>: for a categorical finding, each answer's share (summing to 1); for a
/// multi-choice finding, each answer's chance of being among the answers (at least one is always given).
/// </summary>
public sealed record DiseaseFinding
{
    public required string Id { get; init; }

    public required double P { get; init; }

    public IReadOnlyList<FindingCell>? Cells { get; init; }

    public IReadOnlyDictionary<string, double>? Values { get; init; }

    public Estimate? Estimated { get; init; }
}

/// <summary>A probability for one age band and/or sex; a null band or sex means any.</summary>
public sealed record FindingCell(string? Band, string? Sex, double P);

/// <summary>A number estimated from <see cref="Patients"/> records, <see cref="Present"/> of which had the finding.</summary>
public sealed record Estimate(int Patients, int? Present = null);
