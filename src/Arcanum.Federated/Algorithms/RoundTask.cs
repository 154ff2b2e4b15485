using Arcanum.Core.Weights;

namespace Arcanum.Federated.Algorithms;

/// <summary>
/// What the server sends a site for one round. Plain data, so it crosses an in-process simulator
/// and gRPC alike. Receivers treat the arrays as read-only: in process they are shared.
/// </summary>
/// <param name="Round">Round number.</param>
/// <param name="Global">The global weights to start local training from.</param>
/// <param name="ProximalMu">FedProx proximal strength μ, 0 when the algorithm has no proximal term.</param>
/// <param name="ServerControl">SCAFFOLD's server control variate c, otherwise null.</param>
public sealed record RoundTask(int Round, ModelWeights Global, double ProximalMu, ModelWeights? ServerControl);
