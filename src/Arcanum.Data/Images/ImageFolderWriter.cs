using Arcanum.Core.IO;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace Arcanum.Data.Images;

/// <summary>
/// Writes generated slices as an image folder that <see cref="ImageFolder.Scan"/> reads back:
/// <c>root/site/patient/name.png</c> (8-bit grey, round(clamp(p, 0, 1) x 255)) beside <c>name_mask.png</c> (0 or
/// 255). Everything is written into a temporary sibling folder first and renamed into place at the end, so a
/// failure part-way leaves no half-written output that a later scan would take for a complete one.
/// </summary>
public static class ImageFolderWriter
{
    private static readonly PngEncoder Grey8 = new()
    {
        ColorType = PngColorType.Grayscale,
        BitDepth = PngBitDepth.Bit8,
    };

    private static string MaskSuffix => ImageFolderOptions.Default.MaskSuffix;

    /// <summary>
    /// Writes <paramref name="slices"/> (each [<paramref name="size"/> x <paramref name="size"/>]) under
    /// <paramref name="root"/> and returns the written image paths (not the masks), in the order given.
    /// </summary>
    /// <exception cref="ArgumentException">A site, patient or name is empty, holds a path separator or '..', or
    /// a name ends with the mask suffix; two slices share a path; or a slice is not size x size. Nothing is
    /// written.</exception>
    /// <exception cref="IOException"><paramref name="root"/> exists and is not empty and
    /// <paramref name="overwrite"/> is off, or it is a file.</exception>
    public static IReadOnlyList<string> Write(string root, IReadOnlyList<GeneratedSlice> slices, int size,
        bool overwrite = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        ArgumentNullException.ThrowIfNull(slices);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        Validate(slices, size);
        OutputFolder.EnsureReplaceable(root, overwrite);
        var target = OutputFolder.FullPath(root);
        return OutputFolder.Write(root, staging =>
        {
            var written = new List<string>(slices.Count);
            foreach (var slice in slices)
            {
                var folder = Directory.CreateDirectory(Path.Combine(staging, slice.Site, slice.Patient)).FullName;
                Save(Path.Combine(folder, slice.Name + ".png"), size, i => Grey(slice.Pixels[i]));
                Save(Path.Combine(folder, slice.Name + MaskSuffix + ".png"), size,
                    i => slice.Mask[i] != 0 ? (byte)255 : (byte)0);
                written.Add(Path.Combine(target, slice.Site, slice.Patient, slice.Name + ".png"));
            }
            return (IReadOnlyList<string>)written;
        });
    }

    /// <summary>
    /// A file stem to name an output after its input: the image file's name without its extension (so
    /// <c>012_flair.png</c> gives <c>012_flair</c>, whose mask is then <c>012_flair_mask.png</c>), with
    /// <c>_z</c> and the 3-digit slice index appended for a slice of a volume (<c>brain.nii.gz</c> slice 7 gives
    /// <c>brain_z007</c>).
    /// </summary>
    public static string SliceName(ImageRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var file = Path.GetFileName(record.ImagePath);
        var ext = ImageFiles.ExtensionOf(file);
        var stem = ext is null ? Path.GetFileNameWithoutExtension(file) : ImageFiles.StemOf(file, ext);
        return record.Slice is { } z ? $"{stem}_z{z:D3}" : stem;
    }

    private static void Validate(IReadOnlyList<GeneratedSlice> slices, int size)
    {
        var paths = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var slice in slices)
        {
            ArgumentNullException.ThrowIfNull(slice);
            CheckName(slice.Site, "site", slice);
            CheckName(slice.Patient, "patient", slice);
            CheckName(slice.Name, "name", slice);
            if (slice.Name.EndsWith(MaskSuffix, StringComparison.Ordinal))
                throw new ArgumentException($"Slice name '{slice.Name}' ends with '{MaskSuffix}', so its image would "
                    + "be read back as a mask; rename it.", nameof(slices));
            ArgumentNullException.ThrowIfNull(slice.Pixels);
            ArgumentNullException.ThrowIfNull(slice.Mask);
            if (slice.Pixels.Length != size * size || slice.Mask.Length != size * size)
                throw new ArgumentException($"{slice} has {slice.Pixels.Length} pixels and {slice.Mask.Length} mask "
                    + $"values; a {size}x{size} slice needs {size * size} of each.", nameof(slices));
            // Case-insensitive: on Windows and macOS two names differing only in case are one file.
            if (!paths.Add($"{slice.Site}/{slice.Patient}/{slice.Name}"))
                throw new ArgumentException($"Two slices would both be written to {slice.Site}/{slice.Patient}/"
                    + $"{slice.Name}.png; give each slice its own name.", nameof(slices));
        }
    }

    private static void CheckName(string value, string what, GeneratedSlice slice)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Contains("..", StringComparison.Ordinal)
            || value.IndexOfAny(['/', '\\']) >= 0 || value.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0
            || value != value.Trim())
            throw new ArgumentException($"The {what} '{value}' of {slice} cannot be a file or folder name: it must "
                + "be non-empty, without path separators, '..', surrounding spaces or characters a file name cannot "
                + "hold.", "slices");
    }

    private static byte Grey(float p) => float.IsNaN(p) ? (byte)0 : (byte)Math.Round(Math.Clamp(p, 0f, 1f) * 255f,
        MidpointRounding.AwayFromZero);

    private static void Save(string path, int size, Func<int, byte> value)
    {
        using var image = new Image<L8>(size, size);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < size; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < size; x++) row[x] = new L8(value(y * size + x));
            }
        });
        image.Save(path, Grey8);
    }
}
