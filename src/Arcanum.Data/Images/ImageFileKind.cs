namespace Arcanum.Data.Images;

/// <summary>How a file's pixels are read: a 2-D raster (PNG, TIFF), a NIfTI-1 volume or a DICOM single frame.</summary>
internal enum ImageFileKind
{
    Raster,
    Nifti,
    Dicom,
}
