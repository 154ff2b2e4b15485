namespace Arcanum.Data.Images;

/// <summary>
/// One 2-D image found by <see cref="ImageFolder.Scan"/>, not yet decoded: where its pixels and mask are, and
/// whose they are. A NIfTI volume gives one record per slice along its third axis (<see cref="Slice"/>).
/// </summary>
/// <param name="Site">The site (hospital) the image belongs to.</param>
/// <param name="Patient">The patient, from the folder or the volume's file name.</param>
/// <param name="ImagePath">The image file.</param>
/// <param name="MaskPath">Its mask file, or null when it has none.</param>
/// <param name="Slice">The slice of a volume (0-based, third axis), or null for a 2-D file.</param>
public sealed record ImageRecord(string Site, string Patient, string ImagePath, string? MaskPath, int? Slice = null)
{
    internal ImageFileKind Kind => ImageFiles.KindOf(ImagePath);
}
