using Arcanum.Core.Weights;

namespace Arcanum.Core.Learning;

/// <summary>
/// What a federated algorithm adds to the plain local loss, expressed on named arrays so that the
/// algorithm never sees a tensor:
/// FedProx adds (mu/2)·||w − anchor||² to the loss; SCAFFOLD moves every parameter by
/// −lr·<see cref="GradientCorrection"/> (c − c_i) after each optimizer step — for plain SGD the same
/// as adding it to the gradient, and unlike that, not rescaled by momentum or Adam.
/// </summary>
public sealed record LocalObjective
{
    public static LocalObjective Plain { get; } = new();

    public double ProximalMu { get; init; }

    /// <summary>The weights the proximal term pulls towards (the round's global model).</summary>
    public ModelWeights? ProximalAnchor { get; init; }

    /// <summary>Applied as p ← p − lr·correction after every optimizer step, or null.</summary>
    public ModelWeights? GradientCorrection { get; init; }
}
