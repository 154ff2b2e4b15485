namespace Arcanum.Deid.Tables;

/// <summary>The policy for one column.</summary>
/// <param name="Name">The column's name in the input's header.</param>
/// <param name="Treatment">What is done with it.</param>
/// <param name="Date">For <see cref="Treatment.Date"/>: year or shift; null otherwise.</param>
/// <param name="Format">
/// For dates: the input's format (.NET custom format, e.g. <c>dd/MM/yyyy</c>); null detects it from the column.
/// </param>
/// <param name="QuasiIdentifier">
/// Whether an attacker could know it (age, sex, ZIP3, dates): risk is measured on these.
/// </param>
public sealed record ColumnPolicy(
    string Name,
    Treatment Treatment,
    DateTreatment? Date = null,
    string? Format = null,
    bool QuasiIdentifier = false)
{
    /// <summary>The policy's word for the treatment: <c>date (shift)</c>, <c>zip3</c>...</summary>
    public string Describe() =>
        Treatment == Treatment.Date
            ? $"date ({Date?.ToString().ToLowerInvariant()})"
            : Treatment.ToString().ToLowerInvariant();
}
