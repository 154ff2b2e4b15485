namespace Arcanum.Core.Learning;

/// <summary>The architectures Arcanum can train.</summary>
public enum ModelKind
{
    /// <summary>One linear layer: multinomial (or binary) logistic regression.</summary>
    LogisticRegression,

    /// <summary>Fully connected layers with ReLU.</summary>
    Mlp,

    /// <summary>A small convolutional network for images (input shape [channels, height, width]).</summary>
    Cnn,

    /// <summary>
    /// A 2-D U-Net for binary segmentation (input [channels, height, width], output one logit per
    /// pixel). <see cref="ModelSpec.HiddenSizes"/> are the channel widths of its levels, top to
    /// bottom (e.g. [16, 32, 64, 128]: four levels, three poolings).
    /// </summary>
    UNet,
}

/// <summary>
/// Everything needed to build a model: the same spec and the same weights give the same function
/// in any process. <paramref name="InputShape"/> is one sample's shape: [features] for tables,
/// [channels, height, width] for images.
/// </summary>
public sealed record ModelSpec(ModelKind Kind, int[] InputShape, int ClassCount, int[] HiddenSizes)
{
    /// <summary>The U-Net's level widths when a job names none: compact enough to train on 2 cores at 128x128.</summary>
    public static IReadOnlyList<int> DefaultUNetWidths { get; } = [16, 32, 64, 128];

    public int InputSize => InputShape.Aggregate(1, (a, b) => a * b);

    /// <summary>The model predicts a mask per image (one probability per pixel) rather than a class per sample.</summary>
    public bool IsSegmentation => Kind == ModelKind.UNet;

    public void Validate()
    {
        if (InputShape.Length == 0 || InputShape.Any(d => d <= 0))
            throw new ArgumentException($"Input shape [{string.Join(", ", InputShape)}] must be non-empty and positive.");
        if (ClassCount < 2)
            throw new ArgumentException($"A classifier needs at least 2 classes; got {ClassCount}.");
        if (HiddenSizes.Any(h => h <= 0))
            throw new ArgumentException($"Hidden sizes must be positive; got [{string.Join(", ", HiddenSizes)}].");
        if (Kind == ModelKind.Cnn && InputShape.Length != 3)
            throw new ArgumentException($"The CNN needs image input [channels, height, width]; this data has shape [{string.Join(", ", InputShape)}]. Use --model logreg or mlp for tables.");
        if (Kind == ModelKind.UNet)
        {
            if (InputShape.Length != 3)
                throw new ArgumentException($"The U-Net needs image input [channels, height, width]; this data has shape [{string.Join(", ", InputShape)}].");
            if (ClassCount != 2)
                throw new ArgumentException($"The U-Net segments one structure against background (2 classes); got {ClassCount}.");
            if (HiddenSizes.Length < 2)
                throw new ArgumentException($"The U-Net needs at least 2 levels (widths such as [16, 32, 64, 128]); got [{string.Join(", ", HiddenSizes)}].");
            // libtorch's CPU convolutions (oneDNN) gave wrong gradients for channel counts off its vector block; see UNet.
            if (HiddenSizes.Any(w => w <= 0 || w % 8 != 0))
                throw new ArgumentException($"The U-Net's widths must be multiples of 8 (e.g. [16, 32, 64, 128]); got [{string.Join(", ", HiddenSizes)}].");
            var factor = 1 << (HiddenSizes.Length - 1);
            if (InputShape[1] % factor != 0 || InputShape[2] % factor != 0)
                throw new ArgumentException($"A U-Net of {HiddenSizes.Length} levels halves the image {HiddenSizes.Length - 1} times, so height and width must be multiples of {factor}; got {InputShape[1]}x{InputShape[2]}.");
        }
    }

    public override string ToString() => $"{Kind}(in=[{string.Join("x", InputShape)}], classes={ClassCount}, hidden=[{string.Join(",", HiddenSizes)}])";
}
