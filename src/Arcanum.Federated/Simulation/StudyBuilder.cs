using Arcanum.Core.Learning;
using Arcanum.Data;
using Arcanum.Data.Encoding;
using Arcanum.Data.Images;
using Arcanum.Data.Partitioning;
using Arcanum.Data.Tables;
using Arcanum.Federated.Jobs;

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
        if (string.Equals(job.Data, FashionMnistName, StringComparison.OrdinalIgnoreCase))
            return FromImages(job, FashionMnist.Load(FashionMnist.DefaultDirectory, train: true));

        if (BundledDatasets.TryGet(job.Data, out var bundled))
        {
            var withDefaults = job with
            {
                Target = job.Target ?? bundled.Target,
                Positive = job.Target is null ? job.Positive ?? bundled.Positive : job.Positive,
                SiteColumn = job.SiteColumn ?? (job.Sites is null ? bundled.SiteColumn : null),
                Exclude = [.. (job.Exclude ?? []).Concat(bundled.Exclude).Distinct()],
            };
            return FromTable(withDefaults, bundled.Load(), bundled.Name);
        }

        if (!File.Exists(job.Data))
        {
            throw new JobSpecException(
                $"'{job.Data}' is neither a bundled dataset ({string.Join(", ", BundledDatasets.Names)}, {FashionMnistName}) nor an existing CSV file.");
        }
        return FromTable(job, CsvTableReader.Read(job.Data), Path.GetFileName(job.Data));
    }

    public static StudyData FromTable(JobSpec job, DataTable table, string dataName)
    {
        if (job.Target is null)
            throw new JobSpecException($"Name the column to predict with --target. Columns in {dataName}: {string.Join(", ", table.Columns.Select(c => c.Name))}.");
        if (!table.Contains(job.Target))
            throw new JobSpecException($"Target column '{job.Target}' is not in {dataName}. Columns: {string.Join(", ", table.Columns.Select(c => c.Name))}.");
        if (job.SiteColumn is { } sc && !table.Contains(sc))
            throw new JobSpecException($"Site column '{sc}' is not in {dataName}. Columns: {string.Join(", ", table.Columns.Select(c => c.Name))}.");
        foreach (var name in job.Exclude ?? [])
        {
            if (!table.Contains(name)) throw new JobSpecException($"Excluded column '{name}' is not in {dataName}.");
        }

        var labels = LabelEncoder.Encode(table, job.Target, job.Positive);
        var kept = table.Select(labels.Rows);
        var partition = Partition(job, kept, labels.Labels, labels.ClassNames.Count);

        var exclude = new HashSet<string>(job.Exclude ?? [], StringComparer.Ordinal);
        if (job.SiteColumn is not null) exclude.Add(job.SiteColumn);
        var features = FeatureColumns.Default(kept, job.Target, exclude);
        if (features.Count == 0) throw new JobSpecException($"{dataName} has no feature columns left after excluding the target, identifiers and {string.Join(", ", exclude)}.");

        var splits = new List<(string Name, DataTable Train, int[] TrainLabels, DataTable Holdout, int[] HoldoutLabels)>();
        foreach (var (site, rows) in partition.Sites)
        {
            if (rows.Length < 2)
                throw new JobSpecException($"Site '{site}' has {rows.Length} row(s); a site needs at least 2 (one to train on, one to hold out). Use fewer sites or a different split.");
            var siteLabels = rows.Select(r => labels.Labels[r]).ToArray();
            var (train, holdout) = Splits.Stratified(siteLabels, job.Holdout, Seeds.ForStage(job.Seed, "split/" + site));
            if (train.Length == 0 || holdout.Length == 0)
                throw new JobSpecException($"Site '{site}' has too few rows ({rows.Length}) to split into train and held-out.");
            splits.Add((site,
                kept.Select(train.Select(i => rows[i]).ToArray()), train.Select(i => siteLabels[i]).ToArray(),
                kept.Select(holdout.Select(i => rows[i]).ToArray()), holdout.Select(i => siteLabels[i]).ToArray()));
        }

        var statistics = EncoderStatistics.Merge(splits.Select(s => EncoderStatistics.Compute(s.Train, features)));
        var encoder = FeatureEncoder.Fit(statistics);
        var classes = labels.ClassNames.Count;
        var sites = splits.Select(s => new SiteData(
            s.Name,
            encoder.ToDataset(s.Train, s.TrainLabels, classes),
            encoder.ToDataset(s.Holdout, s.HoldoutLabels, classes))).ToList();
        return new StudyData(dataName, sites, labels.ClassNames, [encoder.FeatureCount], encoder.ToJson(), encoder.FeatureNames);
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
