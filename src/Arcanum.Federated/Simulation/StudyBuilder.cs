using Arcanum.Core.Learning;
using Arcanum.Data;
using Arcanum.Data.Encoding;
using Arcanum.Data.Images;
using Arcanum.Data.Partitioning;
using Arcanum.Data.Tables;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Setup;

namespace Arcanum.Federated.Simulation;

/// <summary>
/// Prepares a study from a job: loads the data (a bundled name, a CSV path or fashion-mnist),
/// assigns rows to sites, lets each site split its own rows into train and held-out, and fits the
/// feature encoding from the sites' merged training statistics — what a real federation can do
/// without pooling rows.
/// </summary>
public static class StudyBuilder
{
    /// <summary>Sites used when a table has no site column and the job names no site count.</summary>
    public const int DefaultSiteCount = 4;

    public const string FashionMnistName = "fashion-mnist";

    public static StudyData Load(JobSpec job)
    {
        job.Validated();
        if (job.IsNotes)
            throw new JobSpecException("A notes job (\"task\": \"notes\") trains the note generator: submit it to a federation (arcanum admin submit), " +
                "or train the same model across sites in this process with arcanum notes fit --federated --data SITES/; simulate runs table and image studies.");
        if (job.IsImageSynthesis)
            throw new JobSpecException("An image-synthesis job (\"task\": \"image_synthesis\") trains AsynDGAN's generator: submit it to a federation (arcanum admin submit), " +
                "or run the same training in this process with arcanum images synth fit --training asyndgan --data SITES/; simulate runs table and image studies.");
        if (job.IsSegmentation && !ImageStudy.IsImageFolder(job))
            throw new JobSpecException($"Segmentation needs an image folder with masks (<site>/<patient>/<slice>.png and <slice>_mask.png); '{job.Data}' is not a folder.");
        if (string.Equals(job.Data, FashionMnistName, StringComparison.OrdinalIgnoreCase))
            return FromImages(job, FashionMnist.Load(FashionMnist.DefaultDirectory, train: true));

        if (BundledDatasets.TryGet(job.Data, out var bundled))
            return FromTable(Resolve(job), bundled.Load(), bundled.Name);

        if (ImageStudy.IsImageFolder(job)) return ImageStudy.Load(job);
        if (!File.Exists(job.Data))
        {
            throw new JobSpecException(
                $"'{job.Data}' is neither a bundled dataset ({string.Join(", ", BundledDatasets.Names)}, {FashionMnistName}), an existing CSV file, nor an image folder.");
        }

        return FromTable(job, CsvTableReader.Read(job.Data), Path.GetFileName(job.Data));
    }

    /// <summary>
    /// The job with a bundled dataset's defaults written in (target, positive, site column, exclude),
    /// so that the job.json a simulation writes says everything a network site needs; other jobs are
    /// returned unchanged.
    /// </summary>
    public static JobSpec Resolve(JobSpec job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (!BundledDatasets.TryGet(job.Data, out var bundled)) return job;
        return job with
        {
            Target = job.Target ?? bundled.Target,
            Positive = job.Target is null ? job.Positive ?? bundled.Positive : job.Positive,
            SiteColumn = job.SiteColumn ?? (job.Sites is null ? bundled.SiteColumn : null),
            Exclude = [.. (job.Exclude ?? []).Concat(bundled.Exclude).Distinct()],
        };
    }

    /// <summary>
    /// Each site's own rows of a table dataset, before any split or encoding: what a federated
    /// statistics query runs on. Sites come from the job's site column or <c>--sites</c> split, as in
    /// <see cref="Load"/>.
    /// </summary>
    public static (string DataName, IReadOnlyList<(string Site, DataTable Table)> Sites) SiteTables(JobSpec job)
    {
        job.Validated();
        if (string.Equals(job.Data, FashionMnistName, StringComparison.OrdinalIgnoreCase))
            throw new JobSpecException($"Statistics describe table columns; {FashionMnistName} is images.");
        string name;
        DataTable table;
        if (BundledDatasets.TryGet(job.Data, out var bundled))
            (job, table, name) = (Resolve(job), bundled.Load(), bundled.Name);
        else if (File.Exists(job.Data))
            (table, name) = (CsvTableReader.Read(job.Data), Path.GetFileName(job.Data));
        else
            throw new JobSpecException($"'{job.Data}' is neither a bundled dataset ({string.Join(", ", BundledDatasets.Names)}) nor an existing CSV file.");
        TablePreparation.CheckColumns(table, job, name, requireSiteColumn: true);
        var labels = LabelEncoder.Encode(table, job.Target!, job.Positive);
        var kept = table.Select(labels.Rows);
        var partition = Partition(job, kept, labels.Labels, labels.ClassNames.Count);
        return (name, partition.Sites.Select(p => (p.SiteName, kept.Select(p.Rows))).ToList());
    }

    public static StudyData FromTable(JobSpec job, DataTable table, string dataName)
    {
        TablePreparation.CheckColumns(table, job, dataName, requireSiteColumn: true);
        var labels = LabelEncoder.Encode(table, job.Target!, job.Positive);
        var kept = table.Select(labels.Rows);
        var partition = Partition(job, kept, labels.Labels, labels.ClassNames.Count);

        // From here on, exactly what a network federation does (TablePreparation): each site splits
        // and summarises its own rows, and the encoding is fitted from the merged summaries.
        var siteTables = partition.Sites.Select(p => kept.Select(p.Rows)).ToList();
        var candidates = FeatureExclusion.Features(job, kept);
        var constant = FeatureExclusion.ConstantAtEverySite(candidates,
            siteTables.Select(t => (IReadOnlySet<string>)candidates.Where(f => FeatureExclusion.IsConstant(t[f])).ToHashSet(StringComparer.Ordinal)).ToList());
        var features = candidates.Where(f => !constant.Contains(f)).ToList();
        if (features.Count == 0)
            throw new JobSpecException($"{dataName} has no feature columns left after excluding {string.Join(", ", FeatureExclusion.Excluded(job, kept).Concat(constant))}.");
        var splits = partition.Sites.Select((p, i) => TablePreparation.Split(siteTables[i], job, labels.ClassNames, p.SiteName)).ToList();
        var setup = TablePreparation.Decide(job, labels.ClassNames, features, splits.Select(s => TablePreparation.Summarize(s, features, labels.ClassNames.Count)));
        var encoder = FeatureEncoder.FromJson(setup.EncoderJson!);
        var sites = splits.Select(s => TablePreparation.ToSiteData(s, encoder, labels.ClassNames.Count)).ToList();
        return new StudyData(dataName, sites, labels.ClassNames, setup.SampleShape, setup.EncoderJson, encoder.FeatureNames);
    }

    /// <summary>Image data has no site column: it is split into <c>--sites</c> synthetic sites.</summary>
    public static StudyData FromImages(JobSpec job, TensorDataset images, string dataName = FashionMnistName, IReadOnlyList<string>? classNames = null)
    {
        var siteCount = job.Sites ?? DefaultSiteCount;
        var partition = SplitRows(job.Split, images.Labels, images.ClassCount, siteCount, job.Seed);
        var sites = new List<SiteData>();
        foreach (var (site, rows) in partition.Sites)
        {
            var siteLabels = rows.Select(r => images.Labels[r]).ToArray();
            var (train, holdout) = Splits.Stratified(siteLabels, job.Holdout, Seeds.ForStage(job.Seed, "split/" + site));
            sites.Add(new SiteData(site, images.Subset(train.Select(i => rows[i]).ToArray()), images.Subset(holdout.Select(i => rows[i]).ToArray())));
        }
        var names = classNames ?? Enumerable.Range(0, images.ClassCount).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        return new StudyData(dataName, sites, names, images.SampleShape, null, []);
    }

    private static Partition Partition(JobSpec job, DataTable table, int[] labels, int classCount)
    {
        if (job.SiteColumn is { } column) return Partitioners.ByColumn(table, column);
        return SplitRows(job.Split, labels, classCount, job.Sites ?? DefaultSiteCount, job.Seed);
    }

    private static Partition SplitRows(string split, int[] labels, int classCount, int sites, int seed) =>
        SplitSpec.Parse(split).Apply(labels, classCount, sites, seed);
}
