using Arcanum.Core.Learning;

namespace Arcanum.Torch.Training;

/// <summary>Argument checks shared by training and prediction, with messages a user can act on.</summary>
internal static class InputChecks
{
    public static void EnsureData(ModelSpec spec, TensorDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var shape = data.SampleShape;
        var sameSize = shape.Aggregate(1L, (a, b) => a * b) == spec.InputSize;
        var sameShape = shape.AsSpan().SequenceEqual(spec.InputShape);
        if (!sameSize || (spec.Kind == ModelKind.Cnn && !sameShape))
            throw new ArgumentException($"The data's samples have shape [{string.Join("x", shape)}], but the model {spec} expects [{string.Join("x", spec.InputShape)}].", nameof(data));
        if (data.ClassCount > spec.ClassCount)
            throw new ArgumentException($"The data has {data.ClassCount} classes, but the model {spec} predicts {spec.ClassCount}.", nameof(data));
    }

    public static void EnsureOptions(ModelSpec spec, TrainingOptions options)
    {
        if (options.ClassWeights is { } w && w.Length != spec.ClassCount)
            throw new ArgumentException($"There are {w.Length} class weights, but the model has {spec.ClassCount} classes.", nameof(options));
    }

    public static void EnsureObjective(LocalObjective objective)
    {
        if (!(objective.ProximalMu >= 0) || double.IsInfinity(objective.ProximalMu))
            throw new ArgumentException($"The proximal mu must be a non-negative number; got {objective.ProximalMu}.", nameof(objective));
        if (objective.ProximalMu > 0 && objective.ProximalAnchor is null)
            throw new ArgumentException("A proximal term (mu > 0) needs the anchor weights it pulls towards.", nameof(objective));
    }
}
