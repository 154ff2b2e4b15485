using System.Numerics.Tensors;
using Arcanum.Core.Weights;

namespace Arcanum.Federated.Simulation;

/// <summary>Training produced non-finite weights: a setting (usually a learning rate) is too aggressive.</summary>
public sealed class TrainingDivergedException : Exception
{
    public TrainingDivergedException(string message) : base(message)
    {
    }

    /// <summary>Throws when any value in <paramref name="weights"/> is NaN or infinite.</summary>
    public static void ThrowIfNotFinite(ModelWeights weights, string where, string advice)
    {
        foreach (var array in weights.Arrays)
        {
            // Vectorised: a site checks every model it trained, and a scalar pass over 10M weights was milliseconds a round.
            if (array.Data.Length == 0 || TensorPrimitives.IsFiniteAll<float>(array.Data)) continue;   // IsFiniteAll is false for no values
            var v = array.Data.First(x => !float.IsFinite(x));
            throw new TrainingDivergedException($"Training diverged {where}: '{array.Name}' holds {v}. {advice}");
        }
    }
}
