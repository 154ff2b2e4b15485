using Arcanum.Core.Learning;
using Arcanum.Core.Metrics;
using Arcanum.Federated.Reports;
using Arcanum.Federated.Simulation;

namespace Arcanum.Federated.Validation;

/// <summary>One model of a run scored on the external data: pooled over its sites, and per site.</summary>
public sealed record ModelScore(RunModel Model, ModelMetrics Pooled, IReadOnlyDictionary<string, ModelMetrics> PerSite, MetricInterval? Interval);

/// <summary>A site of the external data: its name, how many samples (rows or images) and patients it has.</summary>
public sealed record ExternalSite(string Name, int Samples, int? Patients);

/// <summary>Every model of a run on data from elsewhere.</summary>
public sealed record ExternalValidationResult(RunBundle Run, string DataName, string Metric, IReadOnlyList<ExternalSite> Sites, IReadOnlyList<ModelScore> Scores, TimeSpan Elapsed);

/// <summary>
/// External validation, EXAM's question: does a model trained by the federation (and, where the
/// run has them, the central model and each site's own model) hold up on a hospital that took no
/// part? Every model is scored on the same prepared data with the same metrics as during the run.
/// </summary>
public static class ExternalValidation
{
    public static ExternalValidationResult Run(ILearner learner, RunBundle run, string dataPath, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(learner);
        ArgumentNullException.ThrowIfNull(run);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var sites = ExternalData.Load(run, dataPath);
        if (sites.Sum(s => s.Data.Count) == 0) throw new Jobs.JobSpecException($"'{dataPath}' has no rows or images to score.");
        var dataName = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataPath)));
        progress?.Report($"{dataName}: {sites.Count} site(s), {sites.Sum(s => s.Data.Count)} {(run.Spec.IsSegmentation ? "images" : "rows")}; scoring {run.Models.Count} model(s)");
        var classCount = run.ClassNames.Count;
        var metric = run.Spec.IsSegmentation ? "dice" : classCount == 2 ? "auroc" : "accuracy";
        var scores = new List<ModelScore>();
        foreach (var model in run.Models)
        {
            var parts = sites.Select(s => new HoldoutScoring.Part(s.Site, s.Data, learner.PredictProbabilities(run.Spec, model.Weights, s.Data))).ToList();
            var perSite = parts.ToDictionary(p => p.Site, p => HoldoutScoring.Score(p.Holdout, p.Predictions, classCount), StringComparer.Ordinal);
            var pooled = HoldoutScoring.Pool(parts, classCount);
            scores.Add(new ModelScore(model, pooled, perSite, HoldoutScoring.Interval(parts, pooled, classCount, Seeds.ForStage(run.Job.Seed, "external"))));
            progress?.Report($"{model.DisplayName}: {metric} {pooled.Get(metric):F4}");
        }
        var described = sites.Select(s => new ExternalSite(s.Site, s.Data.Count, s.Data.Groups?.Distinct(StringComparer.Ordinal).Count())).ToList();
        return new ExternalValidationResult(run, dataName, metric, described, scores, clock.Elapsed);
    }
}
