using Arcanum.Core.Weights;

namespace Arcanum.Core.Learning;

/// <summary>
/// What a federated algorithm adds to the plain local loss, expressed on named arrays so that the
/// algorithm never sees a tensor:
/// FedProx adds (mu/2)·||w − anchor||² to the loss; SCAFFOLD adds <see cref="GradientCorrection"/>
/// (c − c_i) to every gradient before the optimizer step.
/// </summary>
public sealed record LocalObjective
{
    public static LocalObjective Plain { get; } = new();

    public double ProximalMu { get; init; }

    /// <summary>The weights the proximal term pulls towards (the round's global model).</summary>
    public ModelWeights? ProximalAnchor { get; init; }

    /// <summary>Added to each parameter's gradient at every step, or null.</summary>
    public ModelWeights? GradientCorrection { get; init; }
}
