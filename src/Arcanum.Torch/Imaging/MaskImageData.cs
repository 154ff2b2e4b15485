using Arcanum.Data.Images;

namespace Arcanum.Torch.Imaging;

/// <summary>
/// An image folder ready for mask-conditioned synthesis: the grey slices at one size, each slice's brain outline
/// (found from the image, see <see cref="BrainOutline"/>) and tumour mask, and its patient key "site/patient".
/// </summary>
internal sealed class MaskImageData
{
    /// <summary>Slices whose brain outline is smaller than this many pixels (at 64×64: 1% of the image) are left out of
    /// training and evaluation: above and below the head there is nothing to generate.</summary>
    public const double MinBrainShare = 0.01;

    private MaskImageData(IReadOnlyList<ImageRecord> records, LoadedImages images, byte[] brain, byte[] tumour)
    {
        Records = records;
        Images = images;
        Brain = brain;
        Tumour = tumour;
        Keys = Enumerable.Range(0, images.Count).Select(i => images.Sites[i] + "/" + images.Patients[i]).ToArray();
    }

    public IReadOnlyList<ImageRecord> Records { get; }

    public LoadedImages Images { get; }

    /// <summary>[Count × S × S] 0/1.</summary>
    public byte[] Brain { get; }

    /// <summary>[Count × S × S] 0/1; all zero for images without masks.</summary>
    public byte[] Tumour { get; }

    /// <summary>Each slice's patient as "site/patient".</summary>
    public string[] Keys { get; }

    public int Size => Images.Size;

    public int Area => Size * Size;

    public int Count => Images.Count;

    /// <summary>Scans and decodes <paramref name="folder"/> at <paramref name="size"/>; colour images are refused.</summary>
    /// <exception cref="ImageDataException">The folder is unusable (see <see cref="ImageFolder"/>) or not grey.</exception>
    public static MaskImageData Load(string folder, int size, bool requireMasks, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var records = ImageFolder.Scan(folder, new ImageFolderOptions { RequireMasks = requireMasks });
        progress?.Report($"{folder}: {records.Count} slices of {records.Select(r => r.Site + "/" + r.Patient).Distinct().Count()} patients; decoding at {size}x{size}");
        var images = ImageFolder.Load(records, new ImageLoadOptions { Size = size }, null, cancellationToken);
        if (images.Channels != 1)
            throw new ImageDataException(folder, $"'{folder}' holds colour images ({images.Channels} channels); the generator makes grey slices (one MRI sequence, e.g. FLAIR). Convert them to greyscale first.");
        var brain = BrainOutline.ForAll(images);
        var tumour = images.Masks ?? new byte[(long)images.Count * size * size];
        return new MaskImageData(records, images, brain, tumour);
    }

    /// <summary>The slices with a brain (see <see cref="MinBrainShare"/>).</summary>
    public int[] WithBrain()
    {
        var min = (int)Math.Ceiling(MinBrainShare * Area);
        return Enumerable.Range(0, Count).Where(i => Brain.AsSpan(i * Area, Area).Count((byte)1) >= min).ToArray();
    }

    /// <summary>Condition maps [rows × 2 × S × S] of <paramref name="rows"/>, with <paramref name="tumours"/> [rows × S × S]
    /// in place of the slices' own tumour masks when given.</summary>
    public float[] Conditions(IReadOnlyList<int> rows, byte[]? tumours = null) =>
        ConditionMaps.Build(Gather(Brain, rows), tumours ?? Gather(Tumour, rows), rows.Count, Size);

    public float[] Pixels(IReadOnlyList<int> rows) => Gather(Images.Pixels, rows);

    public byte[] Tumours(IReadOnlyList<int> rows) => Gather(Tumour, rows);

    public string[] KeysOf(IReadOnlyList<int> rows) => rows.Select(r => Keys[r]).ToArray();

    private T[] Gather<T>(T[] source, IReadOnlyList<int> rows)
    {
        var result = new T[(long)rows.Count * Area];
        for (var i = 0; i < rows.Count; i++) source.AsSpan(rows[i] * Area, Area).CopyTo(result.AsSpan(i * Area, Area));
        return result;
    }
}
