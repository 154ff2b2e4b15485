using Arcanum.Data.Tables;

namespace Arcanum.Risk.Anonymization;

/// <summary>
/// The optimal transformation, the anonymised table and what it costs and protects. <see cref="Output"/> holds
/// patient data; <see cref="ToString"/> shows counts only.
/// </summary>
public sealed record AnonymizationResult
{
    /// <summary>The released table: quasi-identifiers generalised, suppressed records left out.</summary>
    public required DataTable Output { get; init; }

    /// <summary>The chosen level per quasi-identifier (0 = original values).</summary>
    public required IReadOnlyList<TransformationLevel> Transformation { get; init; }
    public required int Records { get; init; }

    /// <summary>Equivalence classes among the records that keep their quasi-identifiers.</summary>
    public required int Classes { get; init; }

    /// <summary>The smallest of those classes.</summary>
    public required int K { get; init; }
    public required int Suppressed { get; init; }
    public required UtilityReport Utility { get; init; }

    /// <summary>Risk of the released records (suppressed ones are not released). Null if every record was
    /// suppressed.</summary>
    public required RiskReport? Risk { get; init; }
    public required SearchStatistics Search { get; init; }

    public override string ToString() =>
        $"{Records} records, {Classes} classes, k = {K}, {Suppressed} suppressed, loss {Utility.Loss:0.####}";
}
