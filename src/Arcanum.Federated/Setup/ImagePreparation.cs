using Arcanum.Core.Learning;
using Arcanum.Data;
using Arcanum.Data.Images;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Simulation;

namespace Arcanum.Federated.Setup;

/// <summary>
/// The steps that turn each site's own image folder into segmentation data without pooling a pixel, shared by the
/// simulator (<see cref="ImageStudy"/>) and a network site, as <see cref="TablePreparation"/> is for tables: each site
/// splits its own patients (whole patients on one side), sums its training pixels per channel, and the intensity
/// normalisation is fitted from the summed sums.
/// </summary>
public static class ImagePreparation
{
    /// <summary>The classes of a segmentation study: whether an image's mask has any foreground.</summary>
    public static IReadOnlyList<string> ClassNames { get; } = ["no tumour", "tumour"];

    /// <summary>
    /// One site's images and masks: every image under <paramref name="folder"/> (its patients' folders, or NIfTI
    /// volumes), resized to the job's image size.
    /// </summary>
    /// <exception cref="ImageDataException">No images, an image without its mask, a corrupt file, every mask empty.</exception>
    public static TensorDataset LoadSite(JobSpec job, string folder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        var records = ImageFolder.Scan(folder);
        var options = new ImageLoadOptions { Size = job.ImageSize ?? JobSpec.DefaultImageSize, RequireForeground = true };
        return ImageFolder.Load(records, options, null, cancellationToken).ToDataset();
    }

    /// <summary>A site's training and held-out images: whole patients, seeded by the job's seed and the site's name.</summary>
    public static (TensorDataset Train, TensorDataset Holdout) Split(JobSpec job, TensorDataset images, string site)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(images);
        var (train, holdout) = Splits.ByGroup(images.Groups!, images.Labels, job.Holdout, Seeds.ForStage(job.Seed, "split/" + site));
        return (images.Subset(train), images.Subset(holdout));
    }

    /// <summary>What the setup needs from a site: its training pixels' per-channel sums (count 0 when it has no training image).</summary>
    public static ChannelSums Sums(TensorDataset train) => ChannelSums.Of(train);

    /// <summary>
    /// The setup every site trains with: the normalisation from the sites' summed training pixels (in the order given;
    /// a site without training images adds nothing), the image side and channel count, and no feature columns.
    /// </summary>
    /// <exception cref="JobSpecException">No site has a training image.</exception>
    public static StudySetup Decide(IEnumerable<ChannelSums> trainingSums, int size, int channels)
    {
        var sums = trainingSums.Where(s => s.Count > 0).ToList();
        if (sums.Count == 0) throw new JobSpecException("No site has a training image, so there is nothing to fit the intensity normalisation on.");
        var preprocessing = new ImagePreprocessing(ImagePreprocessing.ImageKind, size, channels, IntensityNormalisation.FromSums(ChannelSums.Merge(sums)));
        return new StudySetup(ClassNames, [], preprocessing.ToJson(), [channels, size, size], null);
    }

    /// <summary>A site's split, normalised as the setup says.</summary>
    public static SiteData ToSiteData(string site, (TensorDataset Train, TensorDataset Holdout) split, ImagePreprocessing preprocessing)
    {
        ArgumentNullException.ThrowIfNull(preprocessing);
        return new SiteData(site, preprocessing.Normalisation.Apply(split.Train), preprocessing.Normalisation.Apply(split.Holdout));
    }
}
