namespace Arcanum.Deid.Tables;

/// <summary>What happened to one column: counts only, never a value.</summary>
/// <param name="Column">The input column's name.</param>
/// <param name="Treatment">The policy's treatment, e.g. <c>date (shift)</c>.</param>
/// <param name="QuasiIdentifier">Whether the policy marks it as a quasi-identifier.</param>
/// <param name="Present">Cells holding a value.</param>
/// <param name="Missing">Empty or missing cells (left as they were).</param>
/// <param name="Changed">Cells whose output differs from the input (all of them for a dropped column).</param>
/// <param name="Detail">Counts specific to the treatment, e.g. "4 in restricted ZIP3 areas became 000".</param>
public sealed record ColumnOutcome(
    string Column,
    string Treatment,
    bool QuasiIdentifier,
    int Present,
    int Missing,
    int Changed,
    string Detail);
