using Arcanum.Core.Weights;
using Arcanum.Data.Encoding;
using Arcanum.Federated.Simulation;
using Arcanum.Federated.Engine;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Setup;
using Arcanum.Network.Protocol;
using Arcanum.Network.Transport;

namespace Arcanum.Network.Server;

/// <summary>
/// A job's setup, before its first round: wait for min_sites sites that offer the job's dataset, then (tables) DESCRIBE
/// and STATISTICS to agree on classes, features and column types and fit the encoding from the merged summaries, or
/// (image folders) STATISTICS alone to fit the intensity normalisation from the summed pixel sums. Each answer is checked
/// as it arrives; a site that refuses or fails is reported and left out while min_sites holds. The participants, setup and
/// row counts go to the store, so a restarted server resumes without asking again.
/// </summary>
internal sealed class JobSetup(ServerContext server, string jobId, JobTasks tasks, Action<IReadOnlyDictionary<string, TaskOutcome>, string> reportSetbacks)
{
    /// <summary>Waits for min_sites sites with the job's dataset, then has them describe and summarise it; returns who takes part and the setup.</summary>
    public async Task<(IReadOnlyList<string> Participants, StudySetup Setup)> RunAsync(JobSpec job, CancellationToken ct)
    {
        var store = server.Store;
        var need = Math.Max(1, job.MinSites);
        var sites = await WaitForSitesAsync(job, need, ct);
        if (job.IsSegmentation) return await ImageSetupAsync(job, sites, need, ct);
        if (job.IsNotes) return await NotesSetupAsync(job, sites, need, ct);

        // Each answer is checked as it arrives (the protocol's schema first, in FederationService): a
        // malformed one is refused, the site hears why, and only that site takes no part.
        var descriptions = new SortedDictionary<string, SiteDescription>(StringComparer.Ordinal);
        var described = await tasks.RunAsync(sites.Select(s => NewTask(s, TaskKind.Describe, job, "", (outcome, _, _) =>
        {
            var d = WireJson.Read<DescribeResult>(outcome.Document, "description");
            lock (descriptions) descriptions[s] = new SiteDescription(d.Rows, d.TargetValues ?? [], d.Features, d.Columns);
            return System.Threading.Tasks.Task.CompletedTask;
        })).ToList(), job.RoundTimeoutS, ct);
        reportSetbacks(described, "setup");
        CheckEnough(descriptions.Count, need, described, "described their data");
        var classes = TablePreparation.Classes(job, descriptions.Values);
        var features = TablePreparation.Features(descriptions, out var siteConstant);
        if (siteConstant.Count > 0)
            store.AddEvent(jobId, $"setup: not features, being constant within every site (a site code carries no patient information): {string.Join(", ", siteConstant)}", Now());

        var columnTypes = TablePreparation.ColumnTypes(descriptions.Values);
        var setupForStatistics = new StudySetup(classes, features, null, [], null, columnTypes).ToJson();
        var summaries = new SortedDictionary<string, SiteSummary>(StringComparer.Ordinal);
        var rowCounts = new SortedDictionary<string, SiteRowCounts>(StringComparer.Ordinal);
        var summarised = await tasks.RunAsync(descriptions.Keys.Select(s => NewTask(s, TaskKind.Statistics, job, setupForStatistics, (outcome, _, _) =>
        {
            var (summary, counts) = ReadStatistics(outcome.Document, features, classes.Count);
            lock (summaries)
            {
                summaries[s] = summary;
                rowCounts[s] = counts;
            }
            return System.Threading.Tasks.Task.CompletedTask;
        })).ToList(), job.RoundTimeoutS, ct);
        reportSetbacks(summarised, "setup");
        CheckEnough(summaries.Count, need, summarised, "summarised their data");
        var setup = TablePreparation.Decide(job, classes, features, summaries.Values, columnTypes);
        return Settle(setup, rowCounts, $"{summaries.Values.Sum(s => s.TrainRows)} training rows, {setup.SampleShape[0]} features");
    }

    /// <summary>
    /// A segmentation job's setup: each site splits its own patients and sends its training pixels' per-channel sums
    /// (STATISTICS, no DESCRIBE: an image folder has no columns to agree on); the normalisation is fitted from their sum.
    /// </summary>
    private async Task<(IReadOnlyList<string> Participants, StudySetup Setup)> ImageSetupAsync(JobSpec job, IReadOnlyList<string> sites, int need, CancellationToken ct)
    {
        var request = new StudySetup(ImagePreparation.ClassNames, [], null, [], null).ToJson();
        var answers = new SortedDictionary<string, StatisticsResult>(StringComparer.Ordinal);
        var summarised = await tasks.RunAsync(sites.Select(s => NewTask(s, TaskKind.Statistics, job, request, (outcome, _, _) =>
        {
            var answer = WireJson.Read<StatisticsResult>(outcome.Document, "statistics answer");
            if (answer.PixelSums is null) throw new FormatException("$.pixel_sums: a segmentation job's STATISTICS answer needs the training images' pixel sums.");
            lock (answers) answers[s] = answer;
            return System.Threading.Tasks.Task.CompletedTask;
        })).ToList(), job.RoundTimeoutS, ct);
        reportSetbacks(summarised, "setup");
        CheckEnough(answers.Count, need, summarised, "summarised their images");
        var channels = answers.ToDictionary(a => a.Key, a => a.Value.PixelSums!.Sum.Length);
        if (channels.Values.Distinct().Count() > 1)
            throw new JobSpecException("The sites' images have different channel counts (" +
                string.Join(", ", channels.Select(c => $"{c.Key}: {c.Value}")) + "); every site must hold the same kind of image (grey or colour).");
        var setup = ImagePreparation.Decide(answers.Values.Select(a => a.PixelSums!), job.ImageSize ?? JobSpec.DefaultImageSize, channels.Values.First());
        return Settle(setup, answers.ToDictionary(a => a.Key, a => RowCounts(a.Value), StringComparer.Ordinal), $"{answers.Values.Sum(a => a.TrainRows)} training images");
    }

    /// <summary>
    /// A notes job's setup: each site reads its notes, splits them (whole notes, by its seed) and says how many it trains on and
    /// holds out (STATISTICS with counts only: the model is the same whatever the notes, so there is nothing to agree on). A site
    /// whose notes cannot train the model (too little text, a file that is not UTF-8, a dp delta too large for its notes) fails
    /// here, with the reason, before any round.
    /// </summary>
    private async Task<(IReadOnlyList<string> Participants, StudySetup Setup)> NotesSetupAsync(JobSpec job, IReadOnlyList<string> sites, int need, CancellationToken ct)
    {
        var answers = new SortedDictionary<string, StatisticsResult>(StringComparer.Ordinal);
        var counted = await tasks.RunAsync(sites.Select(s => NewTask(s, TaskKind.Statistics, job, "", (outcome, _, _) =>
        {
            var answer = WireJson.Read<StatisticsResult>(outcome.Document, "statistics answer");
            if (answer.Statistics is not null || answer.PixelSums is not null || answer.ClassCounts.Length > 0)
                throw new FormatException("$: a notes job's STATISTICS answer carries the note counts alone (class_counts [], no statistics or pixel_sums).");
            if (answer.TrainRows < 1) throw new FormatException("$.train_rows: the site has no training notes.");
            lock (answers) answers[s] = answer;
            return System.Threading.Tasks.Task.CompletedTask;
        })).ToList(), job.RoundTimeoutS, ct);
        reportSetbacks(counted, "setup");
        CheckEnough(answers.Count, need, counted, "read their notes");
        return Settle(EmptySetup, answers.ToDictionary(a => a.Key, a => RowCounts(a.Value), StringComparer.Ordinal),
            $"{answers.Values.Sum(a => a.TrainRows)} training notes, {answers.Values.Sum(a => a.HoldoutRows)} held out");
    }

    /// <summary>
    /// An image-synthesis (AsynDGAN) job's setup: each site loads its image folder and sends its slice count with the
    /// slices' condition maps (brain outline and tumour mask, [count, 2, S, S], 0 or 1; masks are shared data in AsynDGAN,
    /// images never leave). The maps go to <paramref name="conditionsPath"/>, so a restarted server resumes without asking again.
    /// </summary>
    public async Task<IReadOnlyList<GanConditions>> RunGanAsync(JobSpec job, int size, string conditionsPath, CancellationToken ct)
    {
        var need = Math.Max(1, job.MinSites);
        var sites = await WaitForSitesAsync(job, need, ct);
        var area = (long)size * size;
        var answers = new SortedDictionary<string, GanConditions>(StringComparer.Ordinal);
        var counted = await tasks.RunAsync(sites.Select(s => NewTask(s, TaskKind.Statistics, job, "", (outcome, file, _) =>
        {
            var answer = WireJson.Read<StatisticsResult>(outcome.Document, "statistics answer");
            if (answer.Statistics is not null || answer.PixelSums is not null || answer.ClassCounts.Length > 0 || answer.HoldoutRows != 0)
                throw new FormatException("$: an image-synthesis job's STATISTICS answer carries the slice count alone (holdout_rows 0, class_counts [], no statistics or pixel_sums) and the condition maps as its payload.");
            if (answer.TrainRows < 1) throw new FormatException("$.train_rows: the site has no slices to train on.");
            if (answer.TrainRows * 2 * area * sizeof(float) > MaxConditionBytes)
                throw new FormatException($"$.train_rows: {answer.TrainRows} slices' condition maps at {size} x {size} exceed the {MaxConditionBytes >> 20} MiB a site may send; use a smaller image_size.");
            if (file is null) throw new FormatException("An image-synthesis job's STATISTICS answer carries the slices' condition maps as its payload.");
            float[] maps;
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
            {
                // The header first: one F32 array of the announced shape, before a byte of it is read.
                var reader = SafeTensorsReader.Open(stream);
                if (reader.Entries is not [{ } entry] || entry.Name != GanWorkflow.Conditions || entry.Dtype != "F32"
                    || !entry.Shape.SequenceEqual([(int)answer.TrainRows, 2, size, size]))
                    throw new FormatException($"The payload must be one F32 array '{GanWorkflow.Conditions}' of shape [{answer.TrainRows}, 2, {size}, {size}]; it has " +
                        string.Join(", ", reader.Entries.Select(e => $"{e.Name} {e.Dtype} [{string.Join(", ", e.Shape)}]")) + ".");
                maps = new float[entry.Count];
                reader.ReadNext(maps);
            }
            if (maps.Any(v => v is not (0f or 1f))) throw new FormatException("The condition maps must hold 0 and 1 only (brain outline, tumour mask).");
            lock (answers) answers[s] = new GanConditions(s, (int)answer.TrainRows, maps);
            return System.Threading.Tasks.Task.CompletedTask;
        })).ToList(), job.RoundTimeoutS, ct);
        reportSetbacks(counted, "setup");
        CheckEnough(answers.Count, need, counted, "loaded their images");
        Payloads.WriteFile(conditionsPath, new ModelWeights(answers.Values.Select(c => new NamedArray(c.Site, [c.Count, 2, size, size], c.Maps))));
        Settle(EmptySetup, answers.ToDictionary(a => a.Key, a => new SiteRowCounts(a.Value.Count, 0, []), StringComparer.Ordinal),
            $"{answers.Values.Sum(a => a.Count)} slices; their condition maps are held at the server");
        return [.. answers.Values];
    }

    /// <summary>The most an image-synthesis site's condition maps may take (F32): 1 GiB, 32,768 slices at 64 x 64.</summary>
    public const long MaxConditionBytes = 1L << 30;

    /// <summary>The setup of a notes or image-synthesis job: empty (no classes, features or encoding); its tasks carry "" as setup_json.</summary>
    public static StudySetup EmptySetup { get; } = new([], [], null, [], null);

    /// <summary>Stores who takes part (the sites with row counts), the setup and the counts, so a restarted server resumes without asking again.</summary>
    private (IReadOnlyList<string> Participants, StudySetup Setup) Settle(StudySetup setup, IReadOnlyDictionary<string, SiteRowCounts> rowCounts, string what)
    {
        var participants = rowCounts.Keys.Order(StringComparer.Ordinal).ToList();
        server.Store.UpdateJob(jobId, participantsCsv: string.Join(",", participants), setupJson: setup.ToJson(), siteRowsJson: WireJson.Write(rowCounts),
            message: $"setup done: {participants.Count} sites, {what}");
        server.Store.AddEvent(jobId, $"sites taking part: {string.Join(", ", participants)}", Now());
        return (participants, setup);
    }

    /// <summary>A site's training and held-out counts (held out by class), as a STATISTICS answer gives them.</summary>
    private static SiteRowCounts RowCounts(StatisticsResult s) =>
        new((int)s.TrainRows, (int)s.HoldoutRows, [.. (s.HoldoutClassCounts ?? []).Select(c => (int)c)]);

    /// <summary>
    /// A STATISTICS answer (already valid against the protocol's schema), checked against this study:
    /// one count per class, and the columns the study asked for.
    /// </summary>
    private static (SiteSummary, SiteRowCounts) ReadStatistics(string json, IReadOnlyList<string> features, int classCount)
    {
        var s = WireJson.Read<StatisticsResult>(json, "statistics answer");
        if (s.ClassCounts.Length != classCount || s.HoldoutClassCounts is { } h && h.Length != classCount)
            throw new FormatException($"$.class_counts: expected {classCount} counts, one per class of the study.");
        var statistics = EncoderStatistics.FromJson(s.Statistics?.ToJsonString() ?? throw new FormatException("$.statistics: a table job's STATISTICS answer needs the encoder statistics."));
        var columns = statistics.Columns.Select(c => c.Name).ToList();
        if (!columns.SequenceEqual(features, StringComparer.Ordinal))
            throw new FormatException($"$.statistics: summarises columns [{string.Join(", ", columns)}]; the study's features are [{string.Join(", ", features)}].");
        return (new SiteSummary(s.TrainRows, s.HoldoutRows, s.ClassCounts, statistics), RowCounts(s));
    }

    private void CheckEnough(int have, int need, IReadOnlyDictionary<string, TaskOutcome> outcomes, string what)
    {
        if (have >= need) return;
        var why = string.Join("; ", outcomes.Where(o => !o.Value.Ok).Select(o => $"{o.Key}: {o.Value.Message}"));
        throw new JobSpecException($"Only {have} site(s) {what}; the job needs at least {need} (min_sites). {why}");
    }

    /// <summary>Waits for min_sites online sites holding the job's dataset; after site_wait_timeout_s the job fails, saying who is missing.</summary>
    private async Task<IReadOnlyList<string>> WaitForSitesAsync(JobSpec job, int need, CancellationToken ct)
    {
        var announced = -1;
        IReadOnlyList<string> online = [];
        var until = server.Clock.GetUtcNow() + TimeSpan.FromSeconds(job.SiteWaitTimeoutS);
        var enough = await TaskExchange.UntilAsync(() =>
        {
            online = server.Registry.OnlineWith(job.Data);
            if (online.Count < need && online.Count != announced)
            {
                server.Store.UpdateJob(jobId, message: $"waiting for sites: {online.Count} of {need} online with dataset '{job.Data}' (gives up after {job.SiteWaitTimeoutS} s)");
                announced = online.Count;
            }
            return online.Count >= need;
        }, server.Registry, server.Clock, until, ct);
        if (enough) return online;
        var offer = server.Store.Sites().Where(s => s.DatasetsCsv.Split(',').Contains(job.Data, StringComparer.Ordinal)).Select(s => s.Name).ToList();
        throw new JobSpecException($"After {job.SiteWaitTimeoutS} s (site_wait_timeout_s) only {online.Count} of the {need} sites the job needs (min_sites) " +
            $"were online with dataset '{job.Data}'" + (online.Count > 0 ? $" ({string.Join(", ", online)})" : "") + ". " +
            (offer.Count > 0 ? $"Sites that offer it: {string.Join(", ", offer)}." : "No registered site offers it."));
    }

    private IssuedTask NewTask(string site, TaskKind kind, JobSpec job, string setupJson, Func<TaskOutcome, string?, CancellationToken, System.Threading.Tasks.Task> accept) =>
        new(site, tasks.NewMessage(kind, 0, setupJson, server.Clock.GetUtcNow() + TimeSpan.FromSeconds(job.RoundTimeoutS)), null, accept);

    private long Now() => server.Clock.GetUtcNow().ToUnixTimeMilliseconds();
}
