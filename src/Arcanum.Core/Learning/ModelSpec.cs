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
}

/// <summary>
/// Everything needed to build a model: the same spec and the same weights give the same function
/// in any process. <paramref name="InputShape"/> is one sample's shape: [features] for tables,
/// [channels, height, width] for images.
/// </summary>
public sealed record ModelSpec(ModelKind Kind, int[] InputShape, int ClassCount, int[] HiddenSizes)
{
    public int InputSize => InputShape.Aggregate(1, (a, b) => a * b);

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
    }

    public override string ToString() => $"{Kind}(in=[{string.Join("x", InputShape)}], classes={ClassCount}, hidden=[{string.Join(",", HiddenSizes)}])";
}
