using Arcanum.Core.Learning;
using Arcanum.Core.Weights;

namespace Arcanum.Torch.Tests.Support;

/// <summary>Test data: specs, synthetic datasets and weight helpers.</summary>
internal static class Some
{
    public static ModelSpec LogReg(int features = 4, int classes = 2) => new(ModelKind.LogisticRegression, [features], classes, []);

    public static ModelSpec Mlp(int features = 8, int classes = 3, params int[] hidden) => new(ModelKind.Mlp, [features], classes, hidden.Length > 0 ? hidden : [16]);

    public static ModelSpec Cnn(int classes = 10) => new(ModelKind.Cnn, [1, 28, 28], classes, []);

    public static ModelSpec UNet(int channels = 1, int size = 32, params int[] widths) =>
        new(ModelKind.UNet, [channels, size, size], 2, widths.Length > 0 ? widths : [8, 16, 32]);

    /// <summary>
    /// A bright square (side 6..size/2, intensity 1) on Gaussian noise (σ 0.3) per image; the mask is
    /// the square. Every third image has no square and an empty mask, as most MRI slices have no tumour.
    /// </summary>
    public static TensorDataset Squares(int count, int size = 32, int seed = 3)
    {
        var random = new Random(seed);
        var pixels = size * size;
        var x = new float[count * pixels];
        var masks = new byte[count * pixels];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            for (var p = 0; p < pixels; p++) x[i * pixels + p] = (float)(0.3 * Normal(random));
            if (i % 3 == 2) continue;
            labels[i] = 1;
            var side = random.Next(6, size / 2 + 1);
            var (top, left) = (random.Next(size - side + 1), random.Next(size - side + 1));
            for (var r = top; r < top + side; r++)
            {
                for (var c = left; c < left + side; c++)
                {
                    x[i * pixels + r * size + c] += 1f;
                    masks[i * pixels + r * size + c] = 1;
                }
            }
        }
        return new TensorDataset(x, labels, [1, size, size], 2, masks);
    }

    /// <summary>Dice of thresholded (≥ 0.5) probabilities against the masks, over all pixels.</summary>
    public static double Dice(float[] probabilities, byte[] masks)
    {
        long both = 0, predicted = 0, actual = 0;
        for (var i = 0; i < masks.Length; i++)
        {
            var p = probabilities[i] >= 0.5f;
            if (p) predicted++;
            if (masks[i] == 1) actual++;
            if (p && masks[i] == 1) both++;
        }
        return 2.0 * both / Math.Max(1, predicted + actual);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>Two Gaussian blobs at ±2 along every feature: linearly separable with a wide margin.</summary>
    public static TensorDataset SeparableBlobs(int count = 200, int features = 4, int seed = 1)
    {
        var random = new Random(seed);
        var x = new float[count * features];
        var y = new int[count];
        for (var i = 0; i < count; i++)
        {
            y[i] = i % 2;
            var center = y[i] == 0 ? -2f : 2f;
            for (var j = 0; j < features; j++) x[i * features + j] = center + (float)(random.NextDouble() - 0.5);
        }
        return new TensorDataset(x, y, [features], 2);
    }

    /// <summary>Uniform noise features with random labels.</summary>
    public static TensorDataset Random(int count, int[] shape, int classes, int seed = 2)
    {
        var random = new Random(seed);
        var size = shape.Aggregate(1, (a, b) => a * b);
        var x = new float[count * size];
        for (var i = 0; i < x.Length; i++) x[i] = (float)random.NextDouble();
        var y = new int[count];
        for (var i = 0; i < count; i++) y[i] = random.Next(classes);
        return new TensorDataset(x, y, shape, classes);
    }

    public static ModelWeights Filled(ModelWeights like, float value) =>
        new(like.Arrays.Select(a => new NamedArray(a.Name, (int[])a.Shape.Clone(), Enumerable.Repeat(value, a.Length).ToArray())));

    /// <summary>Euclidean distance between two weight sets with the same layout.</summary>
    public static double Distance(ModelWeights a, ModelWeights b)
    {
        double sum = 0;
        for (var i = 0; i < a.Count; i++)
        {
            var x = a.Arrays[i].Data;
            var y = b.Arrays[i].Data;
            for (var j = 0; j < x.Length; j++) sum += (double)(x[j] - y[j]) * (x[j] - y[j]);
        }
        return Math.Sqrt(sum);
    }

    public static double Accuracy(float[] probabilities, int[] labels, int classes)
    {
        var correct = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var row = probabilities.AsSpan(i * classes, classes);
            var best = 0;
            for (var c = 1; c < classes; c++) if (row[c] > row[best]) best = c;
            if (best == labels[i]) correct++;
        }
        return (double)correct / labels.Length;
    }
}
