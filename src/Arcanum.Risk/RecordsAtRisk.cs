namespace Arcanum.Risk;

/// <summary>Records whose re-identification probability is above <see cref="Threshold"/> (strictly, as ARX counts
/// them).</summary>
public sealed record RecordsAtRisk(double Threshold, int Records, double Share);
