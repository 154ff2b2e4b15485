namespace Arcanum.Core.Learning;

/// <summary>
/// Encoded samples ready for a learner: <see cref="Features"/> is row-major, <see cref="Count"/>
/// rows of <see cref="SampleShape"/>; <see cref="Labels"/> are class indices 0..ClassCount-1.
/// Holds patient-derived values, so <see cref="ToString"/> shows only counts.
/// For segmentation, <see cref="Masks"/> holds one binary mask per image (row-major
/// [Count × height × width], values 0 or 1, the image's height and width from
/// <see cref="SampleShape"/> [channels, height, width]) and <see cref="Labels"/> says whether an
/// image's mask has any foreground. <see cref="Groups"/> names the patient of each sample, so that
/// metrics can be taken per patient and splits never put one patient on both sides.
/// </summary>
public sealed class TensorDataset
{
    public TensorDataset(float[] features, int[] labels, int[] sampleShape, int classCount, byte[]? masks = null, string[]? groups = null)
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
        if (masks is not null)
        {
            if (sampleShape.Length != 3)
                throw new ArgumentException($"Masks need image samples [channels, height, width]; the samples have shape [{string.Join(", ", sampleShape)}].", nameof(masks));
            var maskSize = (long)sampleShape[1] * sampleShape[2];
            if (masks.Length != labels.Length * maskSize)
                throw new ArgumentException($"{labels.Length} images of {sampleShape[1]}x{sampleShape[2]} need {labels.Length * maskSize} mask values; got {masks.Length}.", nameof(masks));
            if (masks.AsSpan().IndexOfAnyExcept((byte)0, (byte)1) >= 0)
                throw new ArgumentException("Mask values must be 0 (background) or 1 (foreground).", nameof(masks));
        }
        if (groups is not null && groups.Length != labels.Length)
            throw new ArgumentException($"{labels.Length} samples need {labels.Length} group names; got {groups.Length}.", nameof(groups));
        Features = features;
        Labels = labels;
        SampleShape = sampleShape;
        ClassCount = classCount;
        Masks = masks;
        Groups = groups;
    }

    public float[] Features { get; }

    public int[] Labels { get; }

    public int[] SampleShape { get; }

    public int SampleSize => Features.Length / Math.Max(1, Labels.Length);

    public int ClassCount { get; }

    public int Count => Labels.Length;

    /// <summary>Binary masks [Count × height × width] for segmentation, or null.</summary>
    public byte[]? Masks { get; }

    /// <summary>The group (patient) of each sample, or null when samples are independent.</summary>
    public string[]? Groups { get; }

    /// <summary>Pixels per mask (height × width), or 0 without masks.</summary>
    public int MaskSize => Masks is null ? 0 : SampleShape[1] * SampleShape[2];

    /// <summary>A new dataset holding the given rows, in the given order.</summary>
    public TensorDataset Subset(IReadOnlyList<int> rows)
    {
        var size = SampleShape.Aggregate(1, (a, b) => a * b);
        var f = new float[rows.Count * size];
        var l = new int[rows.Count];
        var maskSize = MaskSize;
        var m = Masks is null ? null : new byte[(long)rows.Count * maskSize];
        var g = Groups is null ? null : new string[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            Array.Copy(Features, (long)rows[i] * size, f, (long)i * size, size);
            l[i] = Labels[rows[i]];
            if (m is not null) Array.Copy(Masks!, (long)rows[i] * maskSize, m, (long)i * maskSize, maskSize);
            if (g is not null) g[i] = Groups![rows[i]];
        }
        return new TensorDataset(f, l, SampleShape, ClassCount, m, g);
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
            if ((p.Masks is null) != (first.Masks is null) || (p.Groups is null) != (first.Groups is null))
                throw new ArgumentException("Datasets differ in whether they have masks or groups.", nameof(parts));
        }
        var features = new float[parts.Sum(p => (long)p.Features.Length)];
        var labels = new int[parts.Sum(p => p.Count)];
        var masks = first.Masks is null ? null : new byte[parts.Sum(p => (long)p.Masks!.Length)];
        var groups = first.Groups is null ? null : new string[labels.Length];
        long fo = 0, mo = 0;
        var lo = 0;
        foreach (var p in parts)
        {
            Array.Copy(p.Features, 0, features, fo, p.Features.Length);
            Array.Copy(p.Labels, 0, labels, lo, p.Count);
            if (masks is not null) Array.Copy(p.Masks!, 0, masks, mo, p.Masks!.Length);
            if (groups is not null) Array.Copy(p.Groups!, 0, groups, lo, p.Count);
            fo += p.Features.Length;
            mo += p.Masks?.Length ?? 0;
            lo += p.Count;
        }
        return new TensorDataset(features, labels, first.SampleShape, first.ClassCount, masks, groups);
    }

    public override string ToString() =>
        $"TensorDataset({Count} samples of [{string.Join("x", SampleShape)}], {ClassCount} classes{(Masks is null ? "" : ", with masks")}{(Groups is null ? "" : $", {Groups.Distinct().Count()} groups")})";
}
