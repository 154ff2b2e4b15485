namespace Arcanum.Risk.Anonymization;

/// <summary>
/// What an anonymised release must satisfy: k-anonymity, optionally distinct l-diversity of one sensitive column and
/// a limit on the highest prosecutor risk, with at most a share of records suppressed.
/// </summary>
public sealed record AnonymizationOptions
{
    /// <summary>Columns to generalise, each with a hierarchy.</summary>
    public IReadOnlyList<string> QuasiIdentifiers { get; init; } = [];

    /// <summary>Every released record shares its quasi-identifiers with at least k - 1 others.</summary>
    public int K { get; init; } = 2;

    /// <summary>Distinct l-diversity: each class holds at least l values of <see cref="Sensitive"/>; null for
    /// none.</summary>
    public int? L { get; init; }

    public string? Sensitive { get; init; }

    /// <summary>The highest prosecutor risk allowed (1 / smallest class); null for none. 0.2 means k ≥ 5.</summary>
    public double? MaxRisk { get; init; }

    /// <summary>The largest share of records that may be suppressed (left out of the release)
    /// instead of generalising further. ARX's default is 0.</summary>
    public double SuppressionLimit { get; init; }

    /// <summary>The class size the search enforces: k, raised to meet <see cref="MaxRisk"/>.</summary>
    public int EffectiveK => MaxRisk is { } r ? Math.Max(K, (int)Math.Ceiling(1 / r - 1e-9)) : K;

    /// <summary>Throws <see cref="RiskInputException"/> describing the first invalid setting.</summary>
    public void Validate()
    {
        if (QuasiIdentifiers is null || QuasiIdentifiers.Count == 0)
            throw new RiskInputException("Name at least one quasi-identifier to generalise (e.g. --qi age,sex,zip).");
        if (QuasiIdentifiers.Any(string.IsNullOrWhiteSpace))
            throw new RiskInputException("A quasi-identifier name is empty; check for a stray comma.");
        if (QuasiIdentifiers.Distinct(StringComparer.Ordinal).Count() != QuasiIdentifiers.Count)
            throw new RiskInputException("A quasi-identifier is named twice.");
        if (K < 2)
            throw new RiskInputException($"k must be at least 2 (k = 1 protects nobody), not {K}.");
        if (L is { } l)
        {
            if (l < 2) throw new RiskInputException($"l must be at least 2, not {l}.");
            if (string.IsNullOrWhiteSpace(Sensitive))
                throw new RiskInputException("l-diversity needs the sensitive column (--sensitive).");
        }
        else if (Sensitive is not null)
            throw new RiskInputException("A sensitive column is only used with l-diversity; give --l too.");
        if (Sensitive is not null && QuasiIdentifiers.Contains(Sensitive))
            throw new RiskInputException($"'{Sensitive}' is both a quasi-identifier and sensitive.");
        if (MaxRisk is { } r && !(r > 0 && r <= 1))
            throw new RiskInputException($"The highest risk is a probability in (0, 1], not {r}.");
        if (!(SuppressionLimit >= 0 && SuppressionLimit <= 1))
            throw new RiskInputException(
                $"The suppression limit is a share of records in [0, 1] (0.05 = 5%), not {SuppressionLimit}.");
    }
}
