namespace Arcanum.Federated.Engine;

/// <summary>
/// What the server learns from a secure round: who is in the mean, their total training samples, the quantisation's bound on each
/// averaged value, and the exact sums of the whole counts the contributors appended (their score histograms on a network; else empty).
/// </summary>
public sealed record SecureAggregate(IReadOnlyList<string> Contributors, long Samples, double MeanErrorBound, long[]? Counts = null);
