using System.Collections.Concurrent;
using Arcanum.Core.IO;
using Arcanum.Core.Learning;
using Arcanum.Core.Weights;
using Arcanum.Data;
using Arcanum.Data.Images;
using Arcanum.Data.Encoding;
using Arcanum.Data.Tables;
using Arcanum.Federated.Algorithms;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Privacy;
using Arcanum.Federated.Setup;
using Arcanum.Federated.Simulation;
using Arcanum.Network.Transport;

namespace Arcanum.Network.Site;

/// <summary>
/// What a site keeps between a job's tasks: each job's split, encoded rows and training worker, built once and kept for
/// its rounds (the algorithm's site state and the DP ledger also go to disk, so a restarted site carries on), and its
/// tables, read once per file version. A job's rows are let go when it ends.
/// </summary>
internal sealed class SiteJobs(ILearner learner, string? workspace, Action<string> log)
{
    private readonly Dictionary<string, (DateTime Written, DataTable Table)> _tables = new(StringComparer.Ordinal);
    // Written only by the pull loop; the heartbeat loop reads the keys to ask which jobs are over.
    private readonly ConcurrentDictionary<string, PreparedJob> _jobs = new(StringComparer.Ordinal);
    private (string Folder, int Size, TensorDataset Images)? _images;

    /// <summary>A job's site-side state: its setup (a changed setup prepares again), worker, algorithm client and where its files go.</summary>
    public sealed record PreparedJob(string SetupJson, SiteWorker Worker, int ClassCount, IClientStrategy Client, string? StatePath, string? LedgerPath);

    /// <summary>How many jobs' rows are held.</summary>
    public int Count => _jobs.Count;

    /// <summary>The jobs whose rows are held (safe to read from another thread).</summary>
    public ICollection<string> Ids => _jobs.Keys;

    /// <summary>Lets a job's rows go (it ended), and the decoded images when no job is left; its state and ledger stay on disk. Whether any were held.</summary>
    public bool Forget(string jobId)
    {
        var held = _jobs.TryRemove(jobId, out _);
        if (_jobs.IsEmpty) _images = null;   // decoded images go with the last job that used them
        return held;
    }

    /// <summary>The site's split and encoded rows for a job, built once and kept for its rounds (with the algorithm's site state).</summary>
    public PreparedJob Prepare(Protocol.Task task, JobSpec job, string path, string siteName)
    {
        if (_jobs.TryGetValue(task.JobId, out var known) && known.SetupJson == task.SetupJson) return known;
        var setup = StudySetup.FromJson(task.SetupJson);
        if (setup.EncoderJson is null) throw new InvalidDataException("The task's setup has no feature encoding.");
        SiteData data;
        if (job.IsSegmentation)
        {
            data = ImagePreparation.ToSiteData(siteName, ImageSplit(job, path, siteName), ImagePreprocessing.FromJson(setup.EncoderJson));
            if (data.Train.SampleShape.SequenceEqual(setup.SampleShape) is false)
                throw new InvalidDataException($"This site's images are [{string.Join("x", data.Train.SampleShape)}]; the setup says [{string.Join("x", setup.SampleShape)}].");
        }
        else
        {
            var table = Table(path, setup.ColumnTypes);
            var encoder = FeatureEncoder.FromJson(setup.EncoderJson);
            var split = TablePreparation.Split(table, job, setup.ClassNames, siteName);
            data = TablePreparation.ToSiteData(split, encoder, setup.ClassNames.Count);
        }
        var spec = StudyModel.Spec(job, setup.SampleShape, setup.ClassNames.Count, job.Data);
        var options = StudyModel.TrainingOptions(job, setup.ClassWeights);
        var client = AlgorithmRegistry.CreateClient(StudyModel.AlgorithmOptions(job));
        var statePath = workspace is null ? null : Path.Combine(workspace, "jobs", Path.GetFileName(task.JobId), "site-state.safetensors");
        if (statePath is not null && File.Exists(statePath))
        {
            client.ImportState(SafeTensors.Read(statePath));
            log($"job {task.JobId}: restored this site's {job.Algorithm} state from {statePath}");
        }
        var privacy = SiteDpLedger.For(job.Dp, data.Train.Count, options, job.Rounds);
        var ledgerPath = statePath is null ? null : Path.Combine(Path.GetDirectoryName(statePath)!, "dp-ledger.json");
        if (privacy is not null && ledgerPath is not null && File.Exists(ledgerPath))
        {
            privacy.RestoreRuns(File.ReadAllText(ledgerPath));
            log($"job {task.JobId}: restored this site's DP ledger ({privacy.Runs.Count} runs, ε {privacy.Epsilon:F2} spent)");
        }
        var worker = new SiteWorker(data, learner, spec, options, client, job.Seed, privacy);
        var prepared = new PreparedJob(task.SetupJson, worker, setup.ClassNames.Count, client, statePath, ledgerPath);
        _jobs[task.JobId] = prepared;
        return prepared;
    }

    /// <summary>Keeps a trained job's algorithm site state and DP ledger on disk, so a restarted site carries on where it was.</summary>
    public static void Save(PreparedJob prepared)
    {
        SaveState(prepared);
        SavePrivacy(prepared);
    }

    /// <summary>Keeps the algorithm's site state on disk (atomically).</summary>
    private static void SaveState(PreparedJob prepared)
    {
        if (prepared.StatePath is null) return;
        var state = prepared.Client.ExportState();
        if (state.Count == 0) return;
        Directory.CreateDirectory(Path.GetDirectoryName(prepared.StatePath)!);
        Payloads.WriteFile(prepared.StatePath, state);
    }

    /// <summary>Keeps the DP ledger on disk, so a restarted site keeps counting what it has spent.</summary>
    private static void SavePrivacy(PreparedJob prepared)
    {
        if (prepared.LedgerPath is null || prepared.Worker.Privacy is not { } ledger) return;
        AtomicFile.WriteAllText(prepared.LedgerPath, ledger.RunsJson());
    }

    /// <summary>
    /// The site's images split into training and held-out patients for a segmentation job. The folder is decoded once per
    /// image size and kept while jobs need it (the last one loaded; a site rarely serves two image folders at once).
    /// </summary>
    public (TensorDataset Train, TensorDataset Holdout) ImageSplit(JobSpec job, string folder, string siteName)
    {
        var size = job.ImageSize ?? JobSpec.DefaultImageSize;
        var images = _images is { } held && held.Folder == folder && held.Size == size ? held.Images : null;
        if (images is null)
        {
            log($"loading the images of {folder} at {size}x{size}");
            images = ImagePreparation.LoadSite(job, folder);
            _images = (folder, size, images);
        }
        return ImagePreparation.Split(job, images, siteName);
    }

    /// <summary>The site's table, read once per file version; with the types the server settled for columns the sites' files type differently.</summary>
    public DataTable Table(string path, IReadOnlyDictionary<string, ColumnType>? types = null)
    {
        if (Directory.Exists(path))
            throw new JobSpecException($"'{Path.GetFileName(path)}' is an image folder; statistics queries and table jobs need a CSV table.");
        var key = types is { Count: > 0 } ? path + "|" + string.Join(",", types.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}:{t.Value}")) : path;
        var written = File.GetLastWriteTimeUtc(path);
        if (_tables.TryGetValue(key, out var cached) && cached.Written == written) return cached.Table;
        var table = CsvTableReader.Read(path, types is { Count: > 0 } ? new CsvReadOptions { TypeOverrides = types } : null);
        _tables[key] = (written, table);
        return table;
    }
}
