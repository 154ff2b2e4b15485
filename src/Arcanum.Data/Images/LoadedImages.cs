using Arcanum.Core.Learning;

namespace Arcanum.Data.Images;

/// <summary>
/// Decoded images, ready for a <see cref="TensorDataset"/>: <see cref="Pixels"/> is [Count x Channels x Size x
/// Size] in [0, 1], <see cref="Masks"/> [Count x Size x Size] of 0/1 (null when the images have none), and each
/// image's patient and site. Holds patient images, so <see cref="ToString"/> shows only counts.
/// </summary>
public sealed class LoadedImages
{
    internal LoadedImages(float[] pixels, byte[]? masks, string[] patients, string[] sites, int channels, int size)
    {
        Pixels = pixels;
        Masks = masks;
        Patients = patients;
        Sites = sites;
        Channels = channels;
        Size = size;
    }

    public float[] Pixels { get; }

    public byte[]? Masks { get; }

    public string[] Patients { get; }

    public string[] Sites { get; }

    public int Channels { get; }

    public int Size { get; }

    public int Count => Patients.Length;

    /// <summary>Share of mask pixels that are foreground (0 without masks).</summary>
    public double ForegroundFraction =>
        Masks is null || Masks.Length == 0 ? 0 : Masks.AsSpan().Count((byte)1) / (double)Masks.Length;

    /// <summary>
    /// A segmentation dataset: samples [Channels, Size, Size], the masks, label 1 where an image's mask has any
    /// foreground (2 classes), and each image's patient as its group.
    /// </summary>
    /// <exception cref="ImageDataException">The images were loaded without masks.</exception>
    public TensorDataset ToDataset()
    {
        if (Masks is null)
            throw new ImageDataException("These images were loaded without masks, so they cannot make a segmentation "
                + "dataset; scan with RequireMasks on and give every image a mask.");
        var area = Size * Size;
        var labels = new int[Count];
        for (var i = 0; i < Count; i++) labels[i] = Masks.AsSpan(i * area, area).Contains((byte)1) ? 1 : 0;
        return new TensorDataset(Pixels, labels, [Channels, Size, Size], 2, Masks, Patients);
    }

    /// <summary>One segmentation dataset per site (ordinal order of site names), for a federation.</summary>
    public IReadOnlyDictionary<string, TensorDataset> ToDatasetsBySite()
    {
        var all = ToDataset();
        return Enumerable.Range(0, Count).GroupBy(i => Sites[i]).OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => all.Subset(g.ToArray()), StringComparer.Ordinal);
    }

    public override string ToString() =>
        $"LoadedImages({Count} images of [{Channels}x{Size}x{Size}], {Patients.Distinct().Count()} patients, "
        + $"{Sites.Distinct().Count()} sites{(Masks is null ? "" : ", with masks")})";
}
