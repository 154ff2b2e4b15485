namespace Arcanum.Risk;

/// <summary>One kind of release and the prosecutor-risk limits it must meet; <see cref="Met"/> says whether this table
/// does.</summary>
public sealed record ReleaseTier(string Name, double MaxHighestRisk, double MaxAverageRisk, bool Met, string Reason);
