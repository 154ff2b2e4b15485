using Arcanum.Core.Learning;
using Arcanum.Core.Metrics;
using Arcanum.Core.Weights;
using Arcanum.Data.Encoding;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Reports;
using Arcanum.Federated.Setup;
using Arcanum.Federated.Simulation;
using Arcanum.Core.IO;
using Arcanum.Network.Transport;

namespace Arcanum.Network.Server;

/// <summary>
/// Writes a finished job's files (the simulator's summary.json, rounds.csv, model.safetensors,
/// report.html, encoding.json and job.json) from what the server recorded. There are no central or
/// single-site baselines: a real federation cannot train them.
/// </summary>
public static class ResultsWriter
{
    /// <remarks>
    /// <paramref name="clientEpsilon"/>: under client-level DP, ε after each round, by round (from the server's ledger); null otherwise.
    /// <paramref name="securelySummed"/>: under secure aggregation, each evaluated round's score histograms as the secure sum gave them.
    /// </remarks>
    public static void Write(ServerStore store, string jobId, JobSpec job, StudySetup setup, ModelSpec spec, ModelWeights weights,
        IReadOnlyList<string> participants, string directory, TimeSpan elapsed, IReadOnlyDictionary<int, double>? clientEpsilon = null,
        IReadOnlyDictionary<int, ScoreHistograms>? securelySummed = null)
    {
        var rows = store.RoundRows(jobId);
        var siteRows = store.GetJob(jobId)?.SiteRowsJson is { } json
            ? WireJson.Read<Dictionary<string, SiteRowCounts>>(json, "stored row counts")
            : null;
        var records = new List<RoundRecord>();
        PooledEvaluation? last = null;
        foreach (var round in rows.GroupBy(r => r.Round).OrderBy(g => g.Key))
        {
            var evaluations = new Dictionary<string, SiteEvaluation>(StringComparer.Ordinal);
            // A site's training in round R and its evaluation of round R's model (sent with round R+1's
            // task) are stored as two rows: one row per site here, so each column means one thing.
            foreach (var site in round.GroupBy(r => r.Site, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var training = site.FirstOrDefault(r => r.Participated);
                var scored = site.FirstOrDefault(r => r.MetricsJson is not null);
                var evaluation = scored is null ? null : new SiteEvaluation(round.Key, scored.HoldoutRows,
                    WireJson.Read<Dictionary<string, double>>(scored.MetricsJson!, "stored metrics"),
                    scored.CalibrationJson is null ? [] : WireJson.Read<List<CalibrationSums>>(scored.CalibrationJson, "stored calibration"),
                    scored.HistogramsJson is null
                        ? null
                        : WireJson.Read<SparseHistograms>(scored.HistogramsJson, "stored score histograms"),
                    scored.SegmentationJson is null ? null : WireJson.Read<SegmentationCounts>(scored.SegmentationJson, "stored segmentation counts"));
                if (evaluation is not null) evaluations[site.Key] = evaluation;
                records.Add(new RoundRecord(round.Key, site.Key, training is not null, training?.TrainSamples ?? 0, training?.TrainLoss, evaluation?.ToMetrics() ?? Missing(job),
                    job.Dp is null ? null : EpsilonBy(rows, site.Key, round.Key)));
            }
            var trained = round.Where(r => r.Participated).ToList();
            var samples = trained.Sum(r => r.TrainSamples);
            // Under secure aggregation sample counts are not known (0): the losses then weigh equally, as in the simulator.
            var withLoss = trained.Where(r => r.TrainLoss is not null).ToList();
            long Weight(RoundSiteRow r) => r.TrainSamples > 0 ? r.TrainSamples : 1;
            var lossSamples = withLoss.Sum(Weight);
            double? loss = lossSamples > 0 ? withLoss.Sum(r => r.TrainLoss!.Value * Weight(r)) / lossSamples : null;
            var pooled = evaluations.Count > 0 ? SiteEvaluation.Pool(evaluations, setup.ClassNames.Count, siteRows, securelySummed?.GetValueOrDefault(round.Key)) : null;
            records.Add(new RoundRecord(round.Key, FederatedSimulator.PooledSiteName, trained.Count > 0, samples, loss, pooled?.Evaluation.Pooled ?? Missing(job),
                job.ClientDp is not null ? clientEpsilon?.GetValueOrDefault(round.Key)
                : job.Dp is null ? null : participants.Select(p => EpsilonBy(rows, p, round.Key)).DefaultIfEmpty(0).Max()));
            if (round.Key == job.Rounds) last = pooled;
        }
        var federated = last?.Evaluation ?? new Evaluation(Missing(job), new Dictionary<string, ModelMetrics>(), []);
        var featureNames = setup.EncoderJson is null || job.IsSegmentation ? [] : FeatureEncoder.FromJson(setup.EncoderJson).FeatureNames;
        var rowCounts = siteRows?.ToDictionary(
            p => p.Key, p => new SiteRows(p.Value.Train, p.Value.Holdout, p.Value.HoldoutByClass));
        var report = new StudyReport(job, job.Data, participants, setup.ClassNames, spec, weights, records, federated, null, [], elapsed,
            setup.EncoderJson, featureNames, "network", last?.Description ?? NoEvaluationDescription, rowCounts,
            last?.Ranking);
        StudyOutput.Write(report, directory, overwrite: true);
    }

    /// <summary>
    /// Writes a finished function-model job (the note generator): the model folder as the model writes it (so
    /// <c>notes sample --model</c> reads the downloaded results), with its card built from what the server recorded (each
    /// site's note counts from setup, the weight its updates carried, its held-out score of the final model and the ε it
    /// reported), plus job.json and rounds.csv (one row per site and round, and the pooled score).
    /// </summary>
    public static void WriteFunction(ServerStore store, string jobId, JobSpec job, IFunctionModel model, ModelWeights weights, IReadOnlyList<string> participants,
        string directory, TimeSpan elapsed, double? clientEpsilon = null)
    {
        var rows = store.RoundRows(jobId);
        var counts = store.GetJob(jobId)?.SiteRowsJson is { } json ? WireJson.Read<Dictionary<string, SiteRowCounts>>(json, "stored row counts") : [];
        double? Score(RoundSiteRow r) => r.MetricsJson is null || r.HoldoutRows <= 0 ? null : WireJson.Read<Dictionary<string, double>>(r.MetricsJson, "stored metrics")[model.Metric];
        double? Pooled(IEnumerable<RoundSiteRow> scored) =>
            FunctionScore.Pool(scored.Select(r => Score(r) is { } v ? (FunctionScore?)FunctionScore.FromMean(v, r.HoldoutRows) : null));
        var final = rows.Where(r => r.Round == job.Rounds && r.MetricsJson is not null).ToList();
        var sites = participants.Select(site =>
        {
            var trained = rows.Where(r => r.Site == site && r.Participated).ToList();
            var n = counts.GetValueOrDefault(site);
            // Under secure aggregation a site's weight travels masked: the server never learns it.
            return new FunctionSiteRecord(site, n?.Train ?? 0, n?.Holdout ?? 0, job.SecureAggregation ? null : trained.Count > 0 ? trained.Max(r => r.TrainSamples) : 0,
                final.FirstOrDefault(r => r.Site == site) is { } f ? Score(f) : null, LastEpsilon(rows, site, job.Rounds));
        }).ToList();
        var lastTrained = rows.Where(r => r.Participated && r.TrainLoss is not null).GroupBy(r => r.Round).MaxBy(g => g.Key)?.ToList();
        double? loss = lastTrained is { Count: > 0 } ? lastTrained.Sum(r => r.TrainLoss!.Value * r.TrainSamples) / Math.Max(1, lastTrained.Sum(r => r.TrainSamples)) : null;
        var record = new FunctionJobRecord(job.Algorithm, job.Rounds, sites, Pooled(final), loss, elapsed, ClientEpsilon: clientEpsilon);
        var csv = new System.Text.StringBuilder($"round,site,trained,weight,train_loss,{model.Metric},holdout_units,epsilon\n");
        static string F(double? v) => v is { } x ? x.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "";
        foreach (var round in rows.GroupBy(r => r.Round).OrderBy(g => g.Key))
        {
            foreach (var site in round.GroupBy(r => r.Site, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var trained = site.FirstOrDefault(r => r.Participated);
                var scored = site.FirstOrDefault(r => r.MetricsJson is not null);
                csv.Append($"{round.Key},{site.Key},{(trained is not null ? 1 : 0)},{trained?.TrainSamples ?? 0},{F(trained?.TrainLoss)},{F(scored is null ? null : Score(scored))},{scored?.HoldoutRows ?? 0},{F(trained?.Epsilon)}\n");
            }
            csv.Append($"{round.Key},{FederatedSimulator.PooledSiteName},{round.Count(r => r.Participated)},{round.Where(r => r.Participated).Sum(r => r.TrainSamples)},,{F(Pooled(round.Where(r => r.MetricsJson is not null)))},{round.Where(r => r.MetricsJson is not null).Sum(r => r.HoldoutRows)},\n");
        }
        OutputFolder.EnsureReplaceable(directory, force: true);
        OutputFolder.Write(directory, staging =>
        {
            model.Save(job, weights, record, staging);
            File.WriteAllText(Path.Combine(staging, "rounds.csv"), csv.ToString());
            File.WriteAllText(Path.Combine(staging, "job.json"), job.ToJson());
        });
    }

    /// <summary>What a site had spent by the end of <paramref name="round"/>: its latest report up to then (0 before any).</summary>
    private static double EpsilonBy(IReadOnlyList<RoundSiteRow> rows, string site, int round) => LastEpsilon(rows, site, round) ?? 0;

    /// <summary>A site's latest reported ε up to <paramref name="round"/>, or null when it reported none.</summary>
    private static double? LastEpsilon(IReadOnlyList<RoundSiteRow> rows, string site, int round) =>
        rows.Where(r => r.Site == site && r.Round <= round && r.Epsilon is not null).OrderBy(r => r.Round).LastOrDefault()?.Epsilon;

    /// <summary>What the pooled figures would be over, when no site evaluated the final model.</summary>
    private const string NoEvaluationDescription = "all sites' held-out rows (no site evaluated the final model)";

    private static ModelMetrics Missing(JobSpec job) => job.IsSegmentation
        ? new SegmentationMetrics(double.NaN, double.NaN, double.NaN, 0, 0, [])
        : new ClassificationMetrics(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, 0);
}
