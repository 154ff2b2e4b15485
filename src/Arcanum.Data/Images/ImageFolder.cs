namespace Arcanum.Data.Images;

/// <summary>
/// Medical images as data: <see cref="Scan"/> lists a folder's images and masks by site and patient without
/// decoding them, <see cref="Load(IReadOnlyList{ImageRecord}, ImageLoadOptions, IProgress{int}?, CancellationToken)"/>
/// decodes them to [0, 1] at one size, and <see cref="LoadedImages.ToDataset"/> makes the segmentation dataset.
/// PNG and TIFF (8/16-bit grey or colour), NIfTI-1 volumes (.nii, .nii.gz, one record per slice) and single-frame
/// uncompressed MONOCHROME2 DICOM (.dcm). Raw NIfTI and DICOM values are min-max scaled per file.
/// </summary>
public static class ImageFolder
{
    /// <summary>
    /// Lists the image records under <paramref name="root"/>, sorted by site, patient and natural slice order.
    /// Layouts: <c>root/site/patient/files</c>; <c>root/patient/files</c> (one site, named after the root); NIfTI
    /// volumes directly in <c>root/site/</c> or <c>root/</c> (one patient per volume, named by its file stem).
    /// The mask of <c>S.ext</c> is <c>S_mask.ext</c>, or for <c>S = A_B</c> also <c>A_mask.ext</c>.
    /// </summary>
    /// <exception cref="ImageDataException">The folder is missing or empty, an image has no mask (when masks are
    /// required), a mask has no image, or a patient is missing from the site table.</exception>
    public static IReadOnlyList<ImageRecord> Scan(string root, ImageFolderOptions? options = null) =>
        ImageFolderScanner.Scan(root, options ?? ImageFolderOptions.Default);

    /// <summary>Decodes and resizes <paramref name="records"/> to <paramref name="size"/> x <paramref name="size"/>.
    /// </summary>
    public static LoadedImages Load(IReadOnlyList<ImageRecord> records, int size, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default) =>
        Load(records, new ImageLoadOptions { Size = size }, progress, cancellationToken);

    /// <summary>
    /// Decodes the records in parallel: grey to one channel, colour to three (RGB), values in [0, 1] (8-bit / 255,
    /// 16-bit / 65535, NIfTI and DICOM min-max per file); images resized bilinearly, masks by area then a 0.5
    /// threshold (nonzero mask pixels are foreground). <paramref name="progress"/> gets the count of images done.
    /// </summary>
    /// <exception cref="ImageDataException">A file is unreadable, corrupt or too large, a mask's size differs from
    /// its image's, images mix grey and colour, or (with RequireForeground) every mask is empty.</exception>
    public static LoadedImages Load(IReadOnlyList<ImageRecord> records, ImageLoadOptions options,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        ImageLoader.Load(records, options, progress, cancellationToken);
}
