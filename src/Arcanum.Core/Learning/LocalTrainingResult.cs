using Arcanum.Core.Weights;

namespace Arcanum.Core.Learning;

/// <summary>The outcome of one local training run: new weights and what it took to get there.</summary>
/// <param name="Weights">The trained weights (same names and shapes as the start weights).</param>
/// <param name="Steps">Optimizer steps taken (SCAFFOLD needs it).</param>
/// <param name="Samples">Training samples seen per epoch.</param>
/// <param name="MeanLoss">Mean training loss over the last epoch.</param>
public sealed record LocalTrainingResult(ModelWeights Weights, int Steps, long Samples, double MeanLoss);
