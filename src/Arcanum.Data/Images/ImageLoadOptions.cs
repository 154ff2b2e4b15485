namespace Arcanum.Data.Images;

/// <summary>How <see cref="ImageFolder.Load(IReadOnlyList{ImageRecord}, ImageLoadOptions, IProgress{int}?,
/// CancellationToken)"/> decodes and resizes.</summary>
public sealed record ImageLoadOptions
{
    /// <summary>Images larger than this on either side are refused before their pixels are decoded: a small
    /// compressed file can otherwise claim gigapixels (a decompression bomb).</summary>
    public const int DefaultMaxSide = 8192;

    /// <summary>Every image is resized to Size x Size.</summary>
    public int Size { get; init; } = 128;

    /// <summary>Whether a load whose masks are all empty is an error (a segmentation model cannot learn from it:
    /// usually the mask suffix or the mask folder is wrong).</summary>
    public bool RequireForeground { get; init; }

    /// <summary>Files decoded at once; at most the number of cores.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    public int MaxSide { get; init; } = DefaultMaxSide;

    /// <summary>Throws <see cref="ArgumentException"/> describing the first invalid setting.</summary>
    public void Validate()
    {
        if (Size is < 1 or > 4096)
            throw new ArgumentException(
                $"Size {Size} is outside 1..4096; images are resized to Size x Size, e.g. 128.");
        if (MaxDegreeOfParallelism < 1)
            throw new ArgumentException($"MaxDegreeOfParallelism must be at least 1; got {MaxDegreeOfParallelism}.");
        if (MaxSide < 1)
            throw new ArgumentException($"MaxSide must be at least 1; got {MaxSide}.");
    }
}
