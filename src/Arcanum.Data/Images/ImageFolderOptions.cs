namespace Arcanum.Data.Images;

/// <summary>How <see cref="ImageFolder.Scan"/> finds images, their masks, patients and sites.</summary>
public sealed record ImageFolderOptions
{
    public static ImageFolderOptions Default { get; } = new();

    /// <summary>A mask's file name (without extension) ends with this: <c>001_mask.png</c> is the mask of
    /// <c>001.png</c> or of <c>001_flair.png</c>.</summary>
    public string MaskSuffix { get; init; } = "_mask";

    /// <summary>Whether every image must have a mask (segmentation training). Off, images without one are kept
    /// and loaded without masks; a mask without an image is an error either way.</summary>
    public bool RequireMasks { get; init; } = true;

    /// <summary>A CSV table that assigns each patient a site, instead of site folders; null to use folders.</summary>
    public string? SiteTable { get; init; }

    /// <summary>The column of <see cref="SiteTable"/> naming the site, e.g. "site". Required with a table.</summary>
    public string? SiteColumn { get; init; }

    /// <summary>The column of <see cref="SiteTable"/> naming the patient (as the patient folders are named).</summary>
    public string PatientColumn { get; init; } = "patient";

    /// <summary>Throws <see cref="ArgumentException"/> describing the first invalid setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(MaskSuffix))
            throw new ArgumentException("MaskSuffix cannot be empty: masks are told apart by it (default \"_mask\").");
        if (SiteTable is not null && string.IsNullOrWhiteSpace(SiteColumn))
            throw new ArgumentException(
                $"A site table ({SiteTable}) needs SiteColumn, the column that names each patient's site.");
        if (SiteTable is null && SiteColumn is not null)
            throw new ArgumentException($"SiteColumn '{SiteColumn}' is set but SiteTable is not; name the table too.");
        if (string.IsNullOrWhiteSpace(PatientColumn))
            throw new ArgumentException("PatientColumn cannot be empty (default \"patient\").");
    }
}
