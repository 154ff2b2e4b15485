using Arcanum.Federated.Algorithms;

namespace Arcanum.Federated.Simulation;

/// <summary>A site's answer to one round: the result it sends and its mean training loss.</summary>
public sealed record SiteRoundOutcome(RoundResult Result, double TrainLoss);
