using Arcanum.Core.Learning;
using Arcanum.Core.Metrics;
using Arcanum.Core.Weights;
using Arcanum.Federated.Jobs;

namespace Arcanum.Federated.Simulation;

/// <summary>
/// Metrics of one model on the pooled held-out rows and on each site's held-out rows, and its
/// calibration curve on the pooled rows (10 equal-width bins of p(positive), or of the top class).
/// <see cref="Intervals"/>: bootstrap intervals of the headline metric, keyed by site name and by
/// <see cref="FederatedSimulator.PooledSiteName"/> for the pooled rows; null where none were computed
/// (a network cannot resample rows it never sees).
/// </summary>
public sealed record Evaluation(
    ModelMetrics Pooled,
    IReadOnlyDictionary<string, ModelMetrics> PerSite,
    IReadOnlyList<CalibrationBin> PooledCalibration,
    IReadOnlyDictionary<string, MetricInterval>? Intervals = null)
{
    /// <summary>The interval for a site (or <see cref="FederatedSimulator.PooledSiteName"/>), or null.</summary>
    public MetricInterval? IntervalOf(string site) => Intervals?.GetValueOrDefault(site);
}

/// <summary>
/// A site that trained alone: how it does on its own held-out rows, on the other sites' held-out
/// rows pooled (generalisability, as in the EXAM study), and on each other site.
/// </summary>
public sealed record LocalBaseline(string Site, ModelMetrics Own, ModelMetrics Others, IReadOnlyDictionary<string, ModelMetrics> PerSite)
{
    /// <summary>The site's own model, saved with the run so it can be scored on data from elsewhere (<c>arcanum evaluate</c>); null where not kept.</summary>
    public ModelWeights? Weights { get; init; }
}

/// <summary>
/// One row of rounds.csv: what a site (or the pool) did in a round. <see cref="Trained"/>: the site's
/// update went into this round's global model (with <see cref="TrainSamples"/> and
/// <see cref="TrainLoss"/>). <see cref="Metrics"/>: the round's global model on the site's held-out
/// rows; a site that did not evaluate it passes metrics with <see cref="ModelMetrics.Count"/>
/// 0, and <see cref="Evaluated"/> is false. The two are independent: a site can evaluate a round it
/// did not train in (not sampled), or train and then drop out before evaluating.
/// </summary>
/// <see cref="Epsilon"/>: under DP, the ε the site had spent in the job by the end of the round.
public sealed record RoundRecord(int Round, string Site, bool Trained, long TrainSamples, double? TrainLoss, ModelMetrics Metrics, double? Epsilon = null)
{
    /// <summary>The round's global model was evaluated on this site's held-out rows.</summary>
    public bool Evaluated => Metrics.Count > 0;
}

/// <summary>Everything a simulated study produced.</summary>
public sealed record SimulationResult(
    JobSpec Job,
    StudyData Study,
    ModelSpec Spec,
    ModelWeights Weights,
    IReadOnlyList<RoundRecord> Rounds,
    Evaluation Federated,
    Evaluation Central,
    IReadOnlyList<LocalBaseline> Local,
    TimeSpan Elapsed)
{
    /// <summary>The central baseline's model, saved with the run; null where not kept.</summary>
    public ModelWeights? CentralWeights { get; init; }

    /// <summary>Segmentation: a held-out slice per site with both models' masks, for the report; empty otherwise.</summary>
    public IReadOnlyList<SegmentationExample> Examples { get; init; } = [];

    public string Metric => Study.HeadlineMetric;

    /// <summary>Mean over sites of the local-only models' headline metric on the other sites' data.</summary>
    public double LocalOnOthersMean => Local.Select(l => l.Others.Get(Metric)).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average();
}
