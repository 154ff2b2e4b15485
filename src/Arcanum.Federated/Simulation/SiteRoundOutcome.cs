using Arcanum.Federated.Algorithms;

namespace Arcanum.Federated.Simulation;

/// <summary>
/// A site's answer to one round: the result it sends, its mean training loss (null under DP, where
/// it would be an unprotected figure) and, under DP, the ε it has spent so far in the job.
/// </summary>
public sealed record SiteRoundOutcome(RoundResult Result, double? TrainLoss, double? Epsilon = null);
