using Arcanum.Core.Learning;
using Arcanum.Data;
using Arcanum.Data.Images;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Setup;

namespace Arcanum.Federated.Simulation;

/// <summary>
/// A segmentation study from an image folder: sites from the top folders (or a CSV table's site
/// column), each site splitting its own patients into train and held-out (whole patients, never
/// one patient's slices on both sides), and the intensity normalisation fitted from the training
/// sites' summed pixel statistics, as a federation would fit it without pooling a pixel.
/// </summary>
public static class ImageStudy
{
    /// <summary>True when the job's data names a folder (an image folder) rather than a file or a bundled name.</summary>
    public static bool IsImageFolder(JobSpec job) => Directory.Exists(job.Data);

    public static StudyData Load(JobSpec job, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!job.IsSegmentation)
            throw new JobSpecException($"'{job.Data}' is an image folder; image folders train segmentation models for now. Add --task segmentation (the images need masks).");
        if (job.Sites is not null)
            throw new JobSpecException("--sites splits a table's rows into synthetic sites; an image folder's sites are its top folders or --site-column.");
        var records = ImageFolder.Scan(job.Data, FolderOptions(job));
        var images = ImageFolder.Load(records, new ImageLoadOptions { Size = job.ImageSize ?? JobSpec.DefaultImageSize, RequireForeground = true }, progress, cancellationToken);
        return FromImages(job, images, DataName(job.Data));
    }

    /// <summary>Splits, normalises and wraps already-loaded images (tests and benchmarks load once and vary the job).</summary>
    public static StudyData FromImages(JobSpec job, LoadedImages images, string dataName)
    {
        // Exactly what a network federation does (ImagePreparation): each site splits its own patients and sums its
        // training pixels, and the normalisation is fitted from the summed sums.
        var splits = images.ToDatasetsBySite().Select(p => (Site: p.Key, Split: ImagePreparation.Split(job, p.Value, p.Key))).ToList();
        var setup = ImagePreparation.Decide(splits.Select(s => ImagePreparation.Sums(s.Split.Train)), images.Size, images.Channels);
        var preprocessing = ImagePreprocessing.FromJson(setup.EncoderJson!);
        var sites = splits.Select(s => ImagePreparation.ToSiteData(s.Site, s.Split, preprocessing)).ToList();
        return new StudyData(dataName, sites, setup.ClassNames, setup.SampleShape, setup.EncoderJson, []);
    }

    /// <summary>The folder's name ("lgg_mri"), not its path, which may name a person or a machine.</summary>
    public static string DataName(string folder) => Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));

    /// <summary>With a site column, the one CSV table at the folder's top level assigns each patient a site.</summary>
    public static ImageFolderOptions FolderOptions(JobSpec job)
    {
        if (job.SiteColumn is null) return ImageFolderOptions.Default;
        var tables = Directory.GetFiles(job.Data, "*.csv");
        if (tables.Length != 1)
            throw new JobSpecException(tables.Length == 0
                ? $"--site-column {job.SiteColumn} needs a CSV table (one row per patient, with a 'patient' column) at the top of '{job.Data}'; there is none. Leave --site-column out to use the top folders as sites."
                : $"--site-column {job.SiteColumn}: '{job.Data}' has {tables.Length} CSV tables at its top level; keep only the one with a row per patient.");
        return new ImageFolderOptions { SiteTable = tables[0], SiteColumn = job.SiteColumn };
    }
}
