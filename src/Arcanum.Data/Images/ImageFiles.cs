namespace Arcanum.Data.Images;

/// <summary>File-name rules shared by scanning and loading: which extensions are images, and a name's stem.</summary>
internal static class ImageFiles
{
    /// <summary>Longest first, so ".nii.gz" wins over a bare ".gz".</summary>
    public static readonly string[] Extensions = [".nii.gz", ".tiff", ".tif", ".png", ".nii", ".dcm"];

    public static string Described => string.Join(", ", Extensions.Reverse());

    /// <summary>The image extension of <paramref name="fileName"/> (as written), or null when it is not one.</summary>
    public static string? ExtensionOf(string fileName)
    {
        foreach (var ext in Extensions)
        {
            if (fileName.Length > ext.Length && fileName.EndsWith(ext, StringComparison.OrdinalIgnoreCase))
                return fileName[^ext.Length..];
        }
        return null;
    }

    public static string StemOf(string fileName, string extension) => fileName[..^extension.Length];

    public static ImageFileKind KindOf(string path)
    {
        var ext = ExtensionOf(Path.GetFileName(path))?.ToLowerInvariant();
        return ext switch
        {
            ".nii" or ".nii.gz" => ImageFileKind.Nifti,
            ".dcm" => ImageFileKind.Dicom,
            _ => ImageFileKind.Raster,
        };
    }
}
