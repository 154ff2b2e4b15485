namespace Arcanum.Data.Images;

/// <summary>
/// One synthetic slice for <see cref="ImageFolderWriter"/>: where it goes (<c>site/patient/name.png</c>), its grey
/// pixels [Size x Size] in [0, 1] and its tumour mask [Size x Size] (nonzero is tumour). Holds image data, so
/// <see cref="ToString"/> shows only the names.
/// </summary>
/// <param name="Site">The site folder.</param>
/// <param name="Patient">The patient folder.</param>
/// <param name="Name">The file stem, without extension (e.g. from <see cref="ImageFolderWriter.SliceName"/>).
/// </param>
/// <param name="Pixels">Grey values, row-major; clamped to [0, 1] when written.</param>
/// <param name="Mask">The tumour mask, row-major.</param>
public sealed record GeneratedSlice(string Site, string Patient, string Name, float[] Pixels, byte[] Mask)
{
    public override string ToString() => $"GeneratedSlice({Site}/{Patient}/{Name})";
}
