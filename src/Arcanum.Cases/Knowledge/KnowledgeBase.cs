namespace Arcanum.Cases.Knowledge;

/// <summary>
/// A medical knowledge base a case simulator samples from: who the patients are (<see cref="Population"/>), what
/// can be asked or found (<see cref="Findings"/>), and per disease how common it is and how likely each finding is.
/// Read with <see cref="KnowledgeBaseFile"/>, which validates; the JSON field names are the property names in
/// camelCase (see the project README).
/// </summary>
public sealed record KnowledgeBase
{
    /// <summary>The format tag every file carries, so a later format can be told apart.</summary>
    public const string CurrentFormat = "arcanum-cases-kb/1";

    public string Format { get; init; } = CurrentFormat;

    public string? Name { get; init; }

    /// <summary>Where the structure and the numbers come from (citation, files, split).</summary>
    public string? Source { get; init; }

    /// <summary>How the estimated numbers were obtained; null when every number was written by an expert.</summary>
    public EstimationNote? Estimation { get; init; }

    public required Population Population { get; init; }

    public required IReadOnlyList<Finding> Findings { get; init; }

    public required IReadOnlyList<Disease> Diseases { get; init; }
}

/// <summary>The records and the smoothing behind estimated numbers.</summary>
public sealed record EstimationNote(string From, int Patients, int HeldOut, string Smoothing);

/// <summary>Age bands with their share of patients, and the share of women.</summary>
public sealed record Population
{
    public required IReadOnlyList<AgeBand> AgeBands { get; init; }

    /// <summary>Share of patients who are female (sex "F"; the rest are "M").</summary>
    public double Female { get; init; } = 0.5;
}

/// <summary>Whole years <see cref="Min"/> to <see cref="Max"/> inclusive; ages are uniform within a band.</summary>
public sealed record AgeBand(string Name, int Min, int Max, double Weight);
