namespace Arcanum.Core.Learning;

/// <summary>
/// Encoded samples ready for a learner: <see cref="Features"/> is row-major, <see cref="Count"/>
/// rows of <see cref="SampleShape"/>; <see cref="Labels"/> are class indices 0..ClassCount-1.
/// Holds patient-derived values, so <see cref="ToString"/> shows only counts.
/// </summary>
public sealed class TensorDataset
{
    public TensorDataset(float[] features, int[] labels, int[] sampleShape, int classCount)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(sampleShape);
        var sampleSize = sampleShape.Aggregate(1, (a, b) => a * b);
        if (sampleSize <= 0) throw new ArgumentException("Sample shape must be positive.", nameof(sampleShape));
        if (features.Length != (long)labels.Length * sampleSize)
            throw new ArgumentException($"{labels.Length} labels need {(long)labels.Length * sampleSize} feature values; got {features.Length}.", nameof(features));
        if (classCount < 2) throw new ArgumentException($"Need at least 2 classes; got {classCount}.", nameof(classCount));
        foreach (var y in labels)
        {
            if (y < 0 || y >= classCount)
                throw new ArgumentException($"Label {y} is outside 0..{classCount - 1}.", nameof(labels));
        }
        Features = features;
        Labels = labels;
        SampleShape = sampleShape;
        ClassCount = classCount;
    }

    public float[] Features { get; }

    public int[] Labels { get; }

    public int[] SampleShape { get; }

    public int SampleSize => Features.Length / Math.Max(1, Labels.Length);

    public int ClassCount { get; }

    public int Count => Labels.Length;

    /// <summary>A new dataset holding the given rows, in the given order.</summary>
    public TensorDataset Subset(IReadOnlyList<int> rows)
    {
        var size = SampleShape.Aggregate(1, (a, b) => a * b);
        var f = new float[rows.Count * size];
        var l = new int[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            Array.Copy(Features, (long)rows[i] * size, f, (long)i * size, size);
            l[i] = Labels[rows[i]];
        }
        return new TensorDataset(f, l, SampleShape, ClassCount);
    }

    /// <summary>Concatenates datasets of the same sample shape and class count.</summary>
    public static TensorDataset Concat(IReadOnlyList<TensorDataset> parts)
    {
        if (parts.Count == 0) throw new ArgumentException("Nothing to concatenate.", nameof(parts));
        var first = parts[0];
        foreach (var p in parts)
        {
            if (!p.SampleShape.AsSpan().SequenceEqual(first.SampleShape) || p.ClassCount != first.ClassCount)
                throw new ArgumentException("Datasets differ in sample shape or class count.", nameof(parts));
        }
        var features = new float[parts.Sum(p => (long)p.Features.Length)];
        var labels = new int[parts.Sum(p => p.Count)];
        long fo = 0;
        var lo = 0;
        foreach (var p in parts)
        {
            Array.Copy(p.Features, 0, features, fo, p.Features.Length);
            Array.Copy(p.Labels, 0, labels, lo, p.Count);
            fo += p.Features.Length;
            lo += p.Count;
        }
        return new TensorDataset(features, labels, first.SampleShape, first.ClassCount);
    }

    public override string ToString() => $"TensorDataset({Count} samples of [{string.Join("x", SampleShape)}], {ClassCount} classes)";
}
