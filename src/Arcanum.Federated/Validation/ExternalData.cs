using Arcanum.Core.Learning;
using Arcanum.Data;
using Arcanum.Data.Encoding;
using Arcanum.Data.Images;
using Arcanum.Data.Partitioning;
using Arcanum.Data.Tables;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Setup;

namespace Arcanum.Federated.Validation;

/// <summary>
/// Data from a hospital that took no part in a run, prepared exactly as the run prepared its own:
/// a table encoded with the run's stored encoding and labelled with its classes, or an image folder
/// resized and normalised with the run's stored values. Nothing is fitted on the new data.
/// </summary>
public static class ExternalData
{
    /// <summary>The data by site: the site column's values (or image folders) when present, else one site named after the data.</summary>
    public static IReadOnlyList<(string Site, TensorDataset Data)> Load(RunBundle run, string path)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Spec.IsSegmentation)
        {
            if (!Directory.Exists(path))
                throw new JobSpecException($"The run segments images; give --data an image folder with masks (<site>/<patient>/<slice>.png and <slice>_mask.png). '{path}' is not a folder.");
            return Images(run, path);
        }
        if (!File.Exists(path))
            throw new JobSpecException(Directory.Exists(path)
                ? $"The run was trained on a table; '{path}' is a folder. Give a CSV file with the same columns."
                : $"'{path}' does not exist.");
        return Table(run, path);
    }

    private static List<(string, TensorDataset)> Images(RunBundle run, string path)
    {
        var preparation = run.Images ?? throw new JobSpecException("The run's encoding.json does not describe its images; it cannot prepare new ones the same way.");
        var records = ImageFolder.Scan(path);
        var images = ImageFolder.Load(records, new ImageLoadOptions { Size = preparation.Size });
        if (images.Channels != preparation.Channels)
            throw new ImageDataException(records[0].ImagePath, $"These images have {images.Channels} channel(s); the run's model was trained on {preparation.Channels}.");
        return [.. images.ToDatasetsBySite().Select(p => (p.Key, preparation.Normalisation.Apply(p.Value)))];
    }

    private static List<(string, TensorDataset)> Table(RunBundle run, string path)
    {
        var encoder = run.Encoder ?? throw new JobSpecException("The run has no encoding.json; it cannot encode new rows the way training did.");
        var job = run.Job;
        var table = CsvTableReader.Read(path);
        if (!table.Contains(job.Target!))
            throw new JobSpecException($"'{Path.GetFileName(path)}' has no column '{job.Target}', the run's target; external validation needs the true outcome.");
        TablePreparation.CheckFeatures(table, [.. encoder.SourceColumns], Path.GetFileName(path));
        TargetEncoding labels;
        try
        {
            labels = LabelEncoder.EncodeWith(table, job.Target!, run.ClassNames, job.Positive);
        }
        catch (ArgumentException e)
        {
            throw new JobSpecException($"'{Path.GetFileName(path)}': {e.Message} The run's classes are {string.Join(", ", run.ClassNames)}.", e);
        }
        var kept = table.Select(labels.Rows);
        if (job.SiteColumn is { } column && kept.Contains(column))
        {
            var partition = Partitioners.ByColumn(kept, column);
            return [.. partition.Sites.Select(p => (p.SiteName, encoder.ToDataset(kept.Select(p.Rows), [.. p.Rows.Select(r => labels.Labels[r])], run.ClassNames.Count)))];
        }
        return [(Path.GetFileNameWithoutExtension(path), encoder.ToDataset(kept, labels.Labels, run.ClassNames.Count))];
    }
}
