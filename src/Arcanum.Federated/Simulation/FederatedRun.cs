using Arcanum.Core.Weights;

namespace Arcanum.Federated.Simulation;

/// <summary>The federated part of a study: final weights, per-round records and the final evaluation.</summary>
public sealed record FederatedRun(ModelWeights Weights, IReadOnlyList<RoundRecord> Rounds, Evaluation Evaluation);
