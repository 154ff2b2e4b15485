using System.Globalization;
using System.Text;
using System.Text.Json;
using Arcanum.Core.IO;
using Arcanum.Core.Weights;
using Arcanum.Federated.Engine;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Simulation;
using Arcanum.Network.Transport;
using Microsoft.Extensions.Logging;

namespace Arcanum.Network.Server;

/// <summary>
/// An image-synthesis job (AsynDGAN) at the server: setup gathers the sites' condition maps, then each epoch (a round of
/// the job) runs <see cref="GanWorkflow"/>'s steps through the job's gRPC transport and is checkpointed (the generator and
/// its optimizer, with the epochs' log) before it counts, so a restarted server resumes after the last complete epoch.
/// The results are the generator folder <c>images synth sample --model</c> reads, rounds.csv and job.json.
/// </summary>
internal sealed class GanJobRun(ServerContext server, string jobId, string directory, JobTasks tasks, JobSetup setup, IRoundObserver observer)
{
    private const string ConditionsFile = "conditions.safetensors", LogFile = "epochs.json";

    public async Task RunAsync(JobSpec job, IGanModel model, CancellationToken ct)
    {
        var store = server.Store;
        var size = job.ImageSize ?? SynthesisJobOptions.DefaultImageSize;
        var row = store.GetJob(jobId)!;
        var conditionsPath = Path.Combine(directory, ConditionsFile);
        IReadOnlyList<GanConditions> sites;
        if (row.SetupJson is null)
        {
            sites = await setup.RunGanAsync(job, size, conditionsPath, ct);
        }
        else
        {
            var maps = SafeTensors.Read(conditionsPath);
            sites = [.. row.Participants.Select(s => new GanConditions(s, maps[s].Shape[0], maps[s].Data))];
        }
        tasks.SetupJson = "";
        using var trainer = model.Begin(job, sites);
        var epochs = new List<GanEpoch>();
        var done = row.RoundsDone;
        if (done > 0)
        {
            var folder = CheckpointFolder(done);
            trainer.LoadState(folder);
            epochs.AddRange(JsonSerializer.Deserialize<List<GanEpoch>>(File.ReadAllText(Path.Combine(folder, LogFile))) ?? []);
            store.AddEvent(jobId, $"resumed from the checkpoint of epoch {done}", Now());
            server.Logger.LogInformation("Job {Job}: resumed from the checkpoint of epoch {Epoch}", jobId, done);
        }
        var workflow = new GanWorkflow(tasks, observer);
        var started = TimeSpan.FromMilliseconds(Now() - (row.StartedMs ?? Now()));
        var clock = server.Clock.GetTimestamp();
        for (var epoch = done + 1; epoch <= job.Rounds; epoch++)
        {
            server.Registry.Recheck();   // a site revoked since the last epoch gets no task
            store.UpdateJob(jobId, message: $"epoch {epoch}/{job.Rounds}: AsynDGAN steps at {sites.Count} sites");
            var totals = await workflow.EpochAsync(job, trainer, sites, epoch, ct);
            var bytes = (epochs.Count > 0 ? epochs[^1].BytesMoved : 0) + totals.BytesMoved;
            var record = new GanEpoch(epoch, job.Rounds, totals.DiscriminatorLoss, totals.AdversarialLoss, totals.L1,
                (epochs.Count > 0 ? epochs[^1].Elapsed : started) + server.Clock.GetElapsedTime(clock), bytes, totals.MissedAnswers);
            clock = server.Clock.GetTimestamp();
            epochs.Add(record);
            Checkpoint(trainer, epoch, epochs);
            var rows = sites.Select(s => new RoundSiteRow(epoch, s.Site, totals.Images[s.Site] > 0, totals.Images[s.Site], null, 0, null, null));
            store.CommitRound(jobId, epoch, rows,
                $"epoch {epoch}/{job.Rounds} done: {totals.Steps} generator steps, D {F(record.DiscriminatorLoss)}, G adversarial {F(record.AdversarialLoss)}, L1 {F(record.L1)}"
                + (totals.MissedAnswers > 0 ? $", {totals.MissedAnswers} site steps missed" : ""), "l1", record.L1);
            // Only once the epoch counts: until then a restart resumes from the previous epoch's checkpoint.
            foreach (var old in Directory.GetDirectories(directory, "generator-epoch-*").Where(d => d != CheckpointFolder(epoch))) Directory.Delete(old, recursive: true);
        }
        var elapsed = TimeSpan.FromMilliseconds(Now() - (store.GetJob(jobId)!.StartedMs ?? Now()));
        Write(job, model, trainer, new GanJobRecord(sites, epochs, elapsed));
    }

    private string CheckpointFolder(int epoch) => Path.Combine(directory, $"generator-epoch-{epoch}");

    /// <summary>The generator, its optimizer and the epochs' log, written under a temporary name and renamed (older epochs go once this one counts).</summary>
    private void Checkpoint(IGanServer trainer, int epoch, IReadOnlyList<GanEpoch> epochs)
    {
        var final = CheckpointFolder(epoch);
        var temporary = final + ".tmp";
        if (Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
        Directory.CreateDirectory(temporary);
        trainer.SaveState(temporary);
        File.WriteAllText(Path.Combine(temporary, LogFile), JsonSerializer.Serialize(epochs));
        if (Directory.Exists(final)) Directory.Delete(final, recursive: true);
        Directory.Move(temporary, final);
    }

    /// <summary>The generator folder (as <c>images synth fit</c> writes it), rounds.csv (images per site and epoch) and job.json.</summary>
    private void Write(JobSpec job, IGanModel model, IGanServer trainer, GanJobRecord record)
    {
        var csv = new StringBuilder("round,site,trained,images,discriminator_loss,adversarial_loss,l1,missed_site_steps\n");
        var rows = server.Store.RoundRows(jobId);
        foreach (var epoch in record.Epochs)
        {
            foreach (var r in rows.Where(r => r.Round == epoch.Epoch).OrderBy(r => r.Site, StringComparer.Ordinal))
                csv.Append(CultureInfo.InvariantCulture, $"{epoch.Epoch},{r.Site},{(r.Participated ? 1 : 0)},{r.TrainSamples},,,,\n");
            csv.Append(CultureInfo.InvariantCulture, $"{epoch.Epoch},{FederatedSimulator.PooledSiteName},{rows.Count(r => r.Round == epoch.Epoch && r.Participated)},"
                + $"{rows.Where(r => r.Round == epoch.Epoch).Sum(r => r.TrainSamples)},{F(epoch.DiscriminatorLoss)},{F(epoch.AdversarialLoss)},{F(epoch.L1)},{epoch.MissedAnswers}\n");
        }
        var results = JobRun.ResultsDirectory(server.Workspace, jobId);
        OutputFolder.EnsureReplaceable(results, force: true);
        OutputFolder.Write(results, staging =>
        {
            model.Save(job, trainer, record, staging);
            File.WriteAllText(Path.Combine(staging, "rounds.csv"), csv.ToString());
            File.WriteAllText(Path.Combine(staging, "job.json"), job.ToJson());
        });
    }

    private static string F(double v) => v.ToString("F4", CultureInfo.InvariantCulture);

    private long Now() => server.Clock.GetUtcNow().ToUnixTimeMilliseconds();
}
