using Arcanum.Core.Learning;

namespace Arcanum.Data.Images;

/// <summary>
/// Fashion-MNIST (Zalando, MIT licence): 28x28 greyscale images of 10 kinds of clothing.
/// Pixels are scaled to [0, 1] (byte / 255), not normalised; samples are shaped [1, 28, 28].
/// </summary>
public static class FashionMnist
{
    /// <summary>Where Debian's dataset-fashion-mnist package puts the files.</summary>
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist/";

    public const int ClassCount = 10;

    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <param name="directory">The folder with {train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz]; null for <see cref="DefaultDirectory"/>.</param>
    /// <param name="train">The 60,000 training images, or the 10,000 test images.</param>
    public static TensorDataset Load(string? directory = null, bool train = true)
    {
        directory ??= DefaultDirectory;
        var prefix = train ? "train" : "t10k";
        var images = Idx.ReadImages(Find(directory, $"{prefix}-images-idx3-ubyte"));
        var labels = Idx.ReadLabels(Find(directory, $"{prefix}-labels-idx1-ubyte"));
        if (images.Count != labels.Length)
            throw new InvalidDataException($"Fashion-MNIST in {directory}: {images.Count} images but {labels.Length} labels.");
        var features = new float[images.Pixels.Length];
        for (var i = 0; i < features.Length; i++) features[i] = images.Pixels[i] / 255f;
        var y = new int[labels.Length];
        for (var i = 0; i < y.Length; i++) y[i] = labels[i];
        return new TensorDataset(features, y, [1, images.Rows, images.Columns], ClassCount);
    }

    private static string Find(string directory, string name)
    {
        foreach (var candidate in new[] { name + ".gz", name })
        {
            var path = Path.Combine(directory, candidate);
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException(
            $"Fashion-MNIST file {name}.gz is not in {directory}. Install it with `apt-get install dataset-fashion-mnist` (files go to {DefaultDirectory}) or pass the folder that holds it.",
            Path.Combine(directory, name + ".gz"));
    }
}
