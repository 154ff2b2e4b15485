namespace Arcanum.Federated.Engine;

/// <summary>What the server learns from a secure round: who is in the mean, their total training samples, and the quantisation's bound on each averaged value.</summary>
public sealed record SecureAggregate(IReadOnlyList<string> Contributors, long Samples, double MeanErrorBound);
