using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Arcanum.Core.Weights;
using Arcanum.Federated.Engine;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Simulation;
using Arcanum.Network.Protocol;
using Arcanum.Network.Transport;

using Task = System.Threading.Tasks.Task;

namespace Arcanum.Network.Site;

/// <summary>
/// A site's part in image-synthesis (AsynDGAN) jobs: its slices and discriminator for each job, opened once and kept for the
/// job's steps. STATISTICS answers the slice count with the slices' condition maps (brain outline and tumour mask; masks are
/// shared data in AsynDGAN); each TRAIN task is one step: the images the server generated for a batch of this site's slices,
/// answered with the gradient of the site's loss with respect to them. Images and the discriminator never leave.
/// </summary>
/// <remarks>
/// At the first step of each epoch the site saves its discriminator and optimizer as they stood at the end of the last
/// epoch in its workspace; a restarted site resumes from there (it says so) instead of starting a fresh discriminator. A kept
/// state it cannot read is deleted, and the site starts a fresh discriminator and says why.
/// </remarks>
internal sealed class GanJobs(IReadOnlyList<IJobModel> models, string? workspace, Action<string> log)
{
    private readonly ConcurrentDictionary<string, (IGanSite Site, int Epoch)> _jobs = new(StringComparer.Ordinal);

    /// <summary>The jobs whose site objects are held (safe to read from another thread).</summary>
    public ICollection<string> Ids => _jobs.Keys;

    public bool Serves(JobSpec job) => models.OfType<IGanModel>().Any(m => m.Task == job.Task);

    /// <summary>Lets a job's site object go (the job ended), and its discriminator's state in the workspace with it.</summary>
    public bool Forget(string jobId)
    {
        if (JobFolder(jobId) is { } folder)
        {
            DeleteState(Path.Combine(folder, StateName));
            DeleteState(Path.Combine(folder, StateName + ".tmp"));
        }
        if (!_jobs.TryRemove(jobId, out var held)) return false;
        held.Site.Dispose();
        return true;
    }

    public async Task<SiteAnswer> DoAsync(Protocol.Task task, JobSpec job, string path, string siteName, Func<Protocol.Task, CancellationToken, Task<ModelWeights>> download,
        CancellationToken ct)
    {
        var model = models.OfType<IGanModel>().First(m => m.Task == job.Task);
        switch (task.Kind)
        {
            case TaskKind.Statistics:
            {
                var site = Open(task.JobId, job, model, path, siteName, setup: true);
                var size = job.ImageSize ?? SynthesisJobOptions.DefaultImageSize;
                log($"job {task.JobId}: {site.Count} slices for AsynDGAN; sharing their condition maps (brain outline, tumour mask), never the images");
                var maps = new ModelWeights([new NamedArray(GanWorkflow.Conditions, [site.Count, 2, size, size], site.Conditions)]);
                return new SiteAnswer(ResultStatus.Ok, "", WireJson.Write(new StatisticsResult(site.Count, 0, [], null)), stream => SafeTensors.Write(stream, maps));
            }
            case TaskKind.Train:
            {
                var site = Open(task.JobId, job, model, path, siteName, setup: false);
                var packed = await download(task, ct).ConfigureAwait(false);
                var (indices, generated) = GanWorkflow.ReadTask(Payloads.Part(packed, Payloads.Global) ?? throw new InvalidDataException("The task payload has no global arrays."));
                GanWorkflow.CheckTask(job, task.Round, indices, generated, site.Count);
                StartEpoch(task.JobId, task.Round, site);
                var answer = await Task.Run(() => site.Step(task.Round, indices, generated), ct).ConfigureAwait(false);
                var size = (int)Math.Round(Math.Sqrt(generated.Length / (double)indices.Length));
                var weights = Payloads.Pack((Payloads.Weights, GanWorkflow.AnswerWeights(answer, [indices.Length, 1, size, size])));
                // The train loss is the site's adversarial term (its L1 distance rides in the payload's losses).
                return new SiteAnswer(ResultStatus.Ok, "", WireJson.Write(new TrainResult(indices.Length, 1, answer.Adversarial, null, null)),
                    stream => SafeTensors.Write(stream, weights));
            }
            default:
                return new SiteAnswer(ResultStatus.Failed, $"an {job.Task} job has no {task.Kind} task; this site answers STATISTICS and TRAIN for it", "", null);
        }
    }

    private const string StateName = "discriminator", EpochFile = "epoch", MapsHashFile = "condition-maps.sha256";

    private string? JobFolder(string jobId) => workspace is null ? null : Path.Combine(workspace, "jobs", Path.GetFileName(jobId));

    /// <summary>
    /// At the first step of a new epoch, saves the discriminator as the last epoch left it: written aside with its epoch
    /// file last, then put in place (a crash in between leaves the complete copy aside, which <see cref="Restore"/> takes).
    /// </summary>
    private void StartEpoch(string jobId, int epoch, IGanSite site)
    {
        var held = _jobs[jobId];
        if (epoch <= held.Epoch) return;
        _jobs[jobId] = (site, epoch);
        if (JobFolder(jobId) is not { } job || held.Epoch == 0) return;
        SaveKept(job, site, held.Epoch);
    }

    /// <summary>
    /// Keeps <paramref name="site"/>'s discriminator, as of the end of <paramref name="epoch"/>, in <paramref name="jobFolder"/>: written aside,
    /// then its epoch file with each file's SHA-256, then put in place.
    /// </summary>
    internal static void SaveKept(string jobFolder, IGanSite site, int epoch)
    {
        var (folder, temporary) = (Path.Combine(jobFolder, StateName), Path.Combine(jobFolder, StateName + ".tmp"));
        DeleteState(temporary);
        Directory.CreateDirectory(temporary);
        site.SaveState(temporary);
        // The epoch file is what makes the copy complete, so the state's files reach the disk before it is written, and it
        // before the copy in place goes: a power loss cannot leave an epoch file that names weights the disk never got. The
        // hashes it holds catch a file that changed on disk since (Restore checks them).
        var lines = new List<string> { epoch.ToString(CultureInfo.InvariantCulture) };
        foreach (var file in Directory.EnumerateFiles(temporary).Order(StringComparer.Ordinal))
        {
            FlushToDisk(file);
            lines.Add($"{Sha256Of(file)} {Path.GetFileName(file)}");
        }
        File.WriteAllText(Path.Combine(temporary, EpochFile), string.Join('\n', lines) + "\n");
        FlushToDisk(Path.Combine(temporary, EpochFile));
        DeleteState(folder);
        Directory.Move(temporary, folder);
    }

    /// <summary>Throws <see cref="InvalidDataException"/> when a file of a kept state is not the one its epoch file hashed.</summary>
    private static void CheckKept(string state)
    {
        // An epoch file of one line (a site of an earlier version) names no hashes: its files are loaded unchecked.
        foreach (var line in File.ReadAllLines(Path.Combine(state, EpochFile)).Skip(1).Where(l => l.Length > 0))
        {
            var parts = line.Split(' ', 2);
            if (parts.Length != 2 || parts[1].Contains('/') || parts[1].Contains('\\'))
                throw new InvalidDataException($"its epoch file has a line that is not \"SHA-256 name\": '{line}'");
            if (!string.Equals(Sha256Of(Path.Combine(state, parts[1])), parts[0], StringComparison.OrdinalIgnoreCase))
                throw new InvalidDataException($"{parts[1]} is not the file that was saved (its SHA-256 differs: it changed on disk since)");
        }
    }

    private static string Sha256Of(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>
    /// The job's site object, opened on its first task. At setup the site notes its condition maps' hash in its workspace;
    /// opened later (it restarted mid-job) it checks its images still give the maps the server holds, and restores its
    /// discriminator from the workspace.
    /// </summary>
    private IGanSite Open(string jobId, JobSpec job, IGanModel model, string path, string siteName, bool setup)
    {
        if (_jobs.TryGetValue(jobId, out var open)) return open.Site;
        IGanSite site;
        try
        {
            site = model.Open(job, path, siteName);
        }
        catch (ArgumentException e)
        {
            throw new JobSpecException(e.Message);
        }
        var epoch = 0;
        try
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(site.Conditions.AsSpan())));
            if (JobFolder(jobId) is { } folder)
            {
                var hashFile = Path.Combine(folder, MapsHashFile);
                if (setup)
                {
                    Directory.CreateDirectory(folder);
                    File.WriteAllText(hashFile, hash);
                }
                else if (File.Exists(hashFile) && File.ReadAllText(hashFile).Trim() != hash)
                {
                    throw new JobSpecException($"this site's images in {Path.GetFileName(path)} changed since the job's setup (their condition maps differ from those the server holds), " +
                        "so its slices no longer match the server's; it takes no further part in this job");
                }
                if (!setup) (site, epoch) = Restore(jobId, folder, site, () => model.Open(job, path, siteName), log);
            }
        }
        catch
        {
            site.Dispose();
            throw;
        }
        if (!_jobs.TryAdd(jobId, (site, epoch)))
        {
            site.Dispose();
            return _jobs[jobId].Site;
        }
        log($"job {jobId}: opened {Path.GetFileName(path)} for AsynDGAN ({site.Count} slices)");
        return site;
    }

    /// <summary>
    /// Loads the discriminator the workspace kept (<see cref="SettleKeptState"/>): the site object to carry on with and the epoch it is
    /// of, 0 when none was kept. A kept state that cannot be read (a damaged file: the disk, or a power loss before the writes reached
    /// it) is deleted and the site starts a fresh discriminator from <paramref name="reopen"/>, saying so, rather than failing every
    /// task of the job; the half-loaded site object is disposed first (so <paramref name="site"/> must tolerate a second dispose by the
    /// caller should <paramref name="reopen"/> fail).
    /// </summary>
    internal static (IGanSite Site, int Epoch) Restore(string jobId, string folder, IGanSite site, Func<IGanSite> reopen, Action<string> log)
    {
        if (SettleKeptState(folder) is not { } epoch)
        {
            log($"job {jobId}: this site restarted during the job and kept no discriminator for it; it starts a fresh one");
            return (site, 0);
        }
        try
        {
            CheckKept(Path.Combine(folder, StateName));
            site.LoadState(Path.Combine(folder, StateName));
        }
        catch (Exception e) when (e is IOException or InvalidDataException or FormatException)
        {
            // Only a file that does not read back (not, say, a device out of memory) costs the kept state. The half-loaded object
            // goes before a fresh one is opened, so the two are never held at once; if that open fails, the state stays for a retry.
            site.Dispose();
            var fresh = reopen();
            DeleteState(Path.Combine(folder, StateName));
            log($"job {jobId}: this site restarted during the job, but the discriminator it kept (end of epoch {epoch}) cannot be read " +
                $"({e.Message}); it deleted it and starts a fresh one");
            return (fresh, 0);
        }
        log($"job {jobId}: this site restarted during the job; its discriminator carries on from the end of epoch {epoch}");
        return (site, epoch);
    }

    /// <summary>
    /// Puts the newest complete discriminator state a job's workspace folder kept in place and returns its epoch, or null
    /// when it kept none. The copy aside wins when complete (its epoch file is written last, so it is the newer one; the
    /// site was killed before or while putting it in place), and the interrupted move is finished, so that the next
    /// epoch's save, which starts by clearing the copy aside, cannot delete the only complete copy. A state folder without
    /// its epoch file is never complete (<see cref="DeleteState"/>).
    /// </summary>
    internal static int? SettleKeptState(string jobFolder)
    {
        var (inPlace, aside) = (Path.Combine(jobFolder, StateName), Path.Combine(jobFolder, StateName + ".tmp"));
        if (EpochOf(aside) is { } newer)
        {
            DeleteState(inPlace);
            Directory.Move(aside, inPlace);
            return newer;
        }
        return EpochOf(inPlace);
    }

    private static void FlushToDisk(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, 1);
        stream.Flush(flushToDisk: true);
    }

    private static int? EpochOf(string state)
    {
        var file = Path.Combine(state, EpochFile);
        return File.Exists(file) && int.TryParse(File.ReadLines(file).FirstOrDefault(), CultureInfo.InvariantCulture, out var epoch) ? epoch : null;
    }

    /// <summary>
    /// Deletes a discriminator state folder, its epoch file first: a site killed part way through deleting it then leaves a
    /// folder <see cref="SettleKeptState"/> skips, not one that claims an epoch whose weights are already gone.
    /// </summary>
    internal static void DeleteState(string folder)
    {
        if (!Directory.Exists(folder)) return;
        File.Delete(Path.Combine(folder, EpochFile));
        Directory.Delete(folder, recursive: true);
    }
}
