using Arcanum.Core.Learning;
using Arcanum.Core.Metrics;
using Arcanum.Core.Weights;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Simulation;

namespace Arcanum.Federated.Reports;

/// <summary>
/// What a study's output folder is written from, whether the study was simulated or ran as a real
/// federation (<see cref="Mode"/> is <see cref="SimulationMode"/> or <see cref="NetworkMode"/>).
/// <see cref="SiteNames"/> lists every site of the study in a stable order, including sites that
/// never reported; <see cref="RowCounts"/> holds the row counts of the sites that told them (a site
/// missing there, or a null dictionary, shows as unknown). A network cannot train the central or
/// local baselines (they need every site's rows in one place), so there <see cref="Central"/> is
/// null and <see cref="Local"/> empty; its pooled metrics are a mean of the sites' metrics, and
/// <see cref="PooledDescription"/> says so in words a reader understands. A site that missed a
/// round has no <see cref="RoundRecord"/> for it and may be absent from
/// <see cref="Evaluation.PerSite"/>. The writers show what is absent as absent, never as 0.
/// <see cref="PooledRanking"/> (network only): the pooled AUROC and AUPRC computed from the sites'
/// summed score histograms, with their error bounds; null where they are site means instead.
/// </summary>
public sealed record StudyReport(
    JobSpec Job,
    string DataName,
    IReadOnlyList<string> SiteNames,
    IReadOnlyList<string> ClassNames,
    ModelSpec Spec,
    ModelWeights Weights,
    IReadOnlyList<RoundRecord> Rounds,
    Evaluation Federated,
    Evaluation? Central,
    IReadOnlyList<LocalBaseline> Local,
    TimeSpan Elapsed,
    string? EncoderJson,
    IReadOnlyList<string> FeatureNames,
    string Mode,
    string PooledDescription,
    IReadOnlyDictionary<string, SiteRows>? RowCounts = null,
    PooledRankingMetrics? PooledRanking = null)
{
    public const string SimulationMode = "simulation";
    public const string NetworkMode = "network";

    /// <summary>The <see cref="RoundRecord.Site"/> of the per-round record for all sites together.</summary>
    public const string PooledSiteName = FederatedSimulator.PooledSiteName;

    public const string PooledRowsDescription = "pooled held-out rows of every site";
    public const string WeightedMeanDescription = "mean over sites, weighted by held-out rows";

    private readonly string _mode = ValidMode(Mode);

    public string Mode { get => _mode; init => _mode = ValidMode(value); }

    /// <summary>The site's row counts, or null when it never told them.</summary>
    public SiteRows? RowsOf(string site) => RowCounts?.GetValueOrDefault(site);

    /// <summary>The headline metric: Dice for segmentation, AUROC for a binary target, accuracy for several classes (as <see cref="StudyData.HeadlineMetric"/>).</summary>
    public string Metric => Spec.IsSegmentation ? "dice" : ClassNames.Count == 2 ? "auroc" : "accuracy";

    /// <summary>Mean over sites of the local-only models' headline metric on the other sites' data; NaN without local baselines.</summary>
    public double LocalOnOthersMean => Local.Select(l => l.Others.Get(Metric)).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average();

    public bool IsNetwork => Mode == NetworkMode;

    /// <summary>The central baseline's model (simulation only), written beside the federated one; null where not kept.</summary>
    public ModelWeights? CentralWeights { get; init; }

    /// <summary>Segmentation (simulation only): a held-out slice per site with the models' masks.</summary>
    public IReadOnlyList<SegmentationExample> Examples { get; init; } = [];

    private static string ValidMode(string mode) => mode is SimulationMode or NetworkMode
        ? mode
        : throw new ArgumentException($"Report mode must be '{SimulationMode}' or '{NetworkMode}'; got '{mode}'.", nameof(mode));

    public static StudyReport FromSimulation(SimulationResult r) => new(
        r.Job,
        r.Study.DataName,
        [.. r.Study.Sites.Select(s => s.Name)],
        r.Study.ClassNames,
        r.Spec,
        r.Weights,
        r.Rounds,
        r.Federated,
        r.Central,
        r.Local,
        r.Elapsed,
        r.Study.EncoderJson,
        r.Study.FeatureNames,
        SimulationMode,
        PooledRowsDescription,
        r.Study.Sites.ToDictionary(s => s.Name, s => SiteRows.FromSiteData(s, r.Study.ClassCount), StringComparer.Ordinal))
    {
        CentralWeights = r.CentralWeights,
        Examples = r.Examples,
    };
}
