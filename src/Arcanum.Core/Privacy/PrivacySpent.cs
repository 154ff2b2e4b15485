namespace Arcanum.Core.Privacy;

/// <summary>
/// An (ε, δ)-DP guarantee read off an RDP curve: ε at the δ it was asked for, and the Rényi order α
/// that gave the smallest ε. <see cref="BestOrder"/> is NaN when nothing was spent (ε = 0). An
/// optimum at the smallest or largest order is still a valid bound, only perhaps not the tightest.
/// </summary>
public readonly record struct PrivacySpent(double Epsilon, double BestOrder);
