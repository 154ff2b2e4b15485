using Arcanum.Core.Weights;

namespace Arcanum.Federated.Algorithms;

/// <summary>What a site sends back after one round of local training. Plain data.</summary>
/// <param name="Site">The site's id; a site counts at most once per round.</param>
/// <param name="SampleCount">Training samples at the site: the site's weight in sample-weighted means.</param>
/// <param name="Weights">The full trained weights (not a difference).</param>
/// <param name="ControlDelta">SCAFFOLD's Δc_i = c_i⁺ − c_i, otherwise null.</param>
/// <param name="LocalSteps">Optimizer steps the site took this round.</param>
public sealed record RoundResult(string Site, long SampleCount, ModelWeights Weights, ModelWeights? ControlDelta, int LocalSteps);
