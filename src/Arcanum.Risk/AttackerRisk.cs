namespace Arcanum.Risk;

/// <summary>
/// One attacker's re-identification risk in El Emam's terms: the highest probability any record has of being
/// re-identified, the share of records re-identified on average, and the records above each threshold.
/// </summary>
public sealed record AttackerRisk(double Highest, double Average, IReadOnlyList<RecordsAtRisk> AtRisk);
