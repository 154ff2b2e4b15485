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
        if (!sameSize || (spec.Kind is ModelKind.Cnn or ModelKind.UNet && !sameShape))
            throw new ArgumentException($"The data's samples have shape [{string.Join("x", shape)}], but the model {spec} expects [{string.Join("x", spec.InputShape)}].", nameof(data));
        if (data.ClassCount > spec.ClassCount)
            throw new ArgumentException($"The data has {data.ClassCount} classes, but the model {spec} predicts {spec.ClassCount}.", nameof(data));
    }

    public static void EnsureOptions(ModelSpec spec, TrainingOptions options)
    {
        if (spec.IsSegmentation && options.ClassWeights is not null)
            throw new ArgumentException("Class weights do not apply to segmentation: the U-Net's loss (cross-entropy plus Dice on the masks) already balances tumour against background pixels. Remove the class weights (--class-weights none).", nameof(options));
        if (options.ClassWeights is { } w && w.Length != spec.ClassCount)
            throw new ArgumentException($"There are {w.Length} class weights, but the model has {spec.ClassCount} classes.", nameof(options));
        // Refused rather than trained without: a run asked to be private must never quietly not be.
        if (spec.IsSegmentation && options.SampleDp is not null)
            throw new ArgumentException("DP-SGD (sample-level differential privacy) is not supported for segmentation yet: the U-Net has no per-record gradients. Train without --dp-epsilon, or use a classification model.", nameof(options));
        if (options.SampleDp is not null && options.Augmentation is not null)
            throw new ArgumentException("Image augmentation is not supported with DP-SGD yet. Turn one of them off.", nameof(options));
    }

    /// <summary>What training needs beyond <see cref="EnsureData"/>: masks for segmentation, images for augmentation.</summary>
    public static void EnsureTrainingData(ModelSpec spec, TensorDataset data, TrainingOptions options)
    {
        if (spec.IsSegmentation && data.Masks is null)
            throw new ArgumentException($"The model {spec} segments images, but the training data has no masks. Load the images together with their masks.", nameof(data));
        if (options.Augmentation is not null && data.SampleShape.Length != 3)
            throw new ArgumentException($"Image augmentation needs image samples [channels, height, width]; the data has shape [{string.Join("x", data.SampleShape)}].", nameof(options));
    }

    public static void EnsureObjective(LocalObjective objective)
    {
        if (!(objective.ProximalMu >= 0) || double.IsInfinity(objective.ProximalMu))
            throw new ArgumentException($"The proximal mu must be a non-negative number; got {objective.ProximalMu}.", nameof(objective));
        if (objective.ProximalMu > 0 && objective.ProximalAnchor is null)
            throw new ArgumentException("A proximal term (mu > 0) needs the anchor weights it pulls towards.", nameof(objective));
    }
}
