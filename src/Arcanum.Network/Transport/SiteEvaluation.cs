using Arcanum.Core.Learning;
using Arcanum.Core.Metrics;
using Arcanum.Federated.Simulation;

namespace Arcanum.Network.Transport;

/// <summary>
/// A model's figures on one site's held-out rows: the metrics, calibration as per-bin sums and, when
/// the site shares them, its score histograms. Aggregates only: no row-level prediction leaves the
/// site. <see cref="ScoreHistograms"/> is optional so that a site that sends none still takes part;
/// the pooled AUROC and AUPRC then fall back to site means, and the server says so. A segmentation study's evaluation
/// has Dice, HD95 and pixel Dice for <see cref="Metrics"/>, no calibration, and <see cref="Segmentation"/>: the counts
/// that make the pooled figures exact without a mask or a per-patient value leaving the site.
/// </summary>
public sealed record SiteEvaluation(
    int Round,
    long HoldoutRows,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyList<CalibrationSums> Calibration,
    SparseHistograms? ScoreHistograms = null,
    SegmentationCounts? Segmentation = null)
{
    /// <summary>A site's evaluation of a segmentation model on its held-out images (per patient, as the simulator scores them).</summary>
    /// <param name="round">The round whose model this is (the task's evaluate_round).</param>
    /// <param name="holdout">The held-out images, with their masks and patients.</param>
    /// <param name="probabilities">Per-pixel foreground probabilities, the masks' layout.</param>
    public static SiteEvaluation ComputeSegmentation(int round, TensorDataset holdout, float[] probabilities)
    {
        ArgumentNullException.ThrowIfNull(holdout);
        var metrics = (SegmentationMetrics)HoldoutScoring.Score(holdout, probabilities, 2);
        return new SiteEvaluation(round, holdout.Count, metrics.ToDictionary(), [], null,
            new SegmentationCounts(metrics.Count, metrics.Hd95Patients, metrics.Overlap, metrics.Pixels));
    }

    /// <summary>A site's evaluation of a model on its held-out rows.</summary>
    /// <param name="round">The round whose model this is (the task's evaluate_round).</param>
    /// <param name="labels">The held-out rows' classes.</param>
    /// <param name="probabilities">Row-major [rows × classCount] predicted probabilities.</param>
    /// <param name="classCount">The study's class count.</param>
    /// <param name="histograms">Whether to add score histograms (a site may decline to share them).</param>
    public static SiteEvaluation Compute(
        int round, IReadOnlyList<int> labels, float[] probabilities, int classCount, bool histograms = true)
    {
        var metrics = ClassificationMetrics.Compute(labels, probabilities, classCount);
        var bins = ClassificationMetrics.CalibrationCurve(labels, probabilities, classCount);
        var sums = bins.Select(b => new CalibrationSums(
            BinOf(b.MeanPredicted), b.MeanPredicted * b.Count, b.ObservedRate * b.Count, b.Count)).ToList();
        var counts = histograms
            ? SparseHistograms.From(Core.Metrics.ScoreHistograms.Build(labels, probabilities, classCount))
            : null;
        return new SiteEvaluation(round, labels.Count, metrics.ToDictionary(), sums, counts);
    }

    /// <summary>The site's figures: classification metrics, or segmentation metrics when <see cref="Segmentation"/> is set.</summary>
    public ModelMetrics ToMetrics() => Segmentation is { } counts
        ? new SegmentationMetrics(Get(Metrics, "dice"), Get(Metrics, "hd95"), Get(Metrics, "pixel_dice"), (int)counts.Patients, (int)HoldoutRows, [])
        {
            Hd95Patients = (int)counts.Hd95Patients, Overlap = counts.Overlap, Pixels = counts.Pixels,
        }
        : FromDictionary(Metrics, (int)HoldoutRows);

    /// <summary>
    /// The study-wide figures from every site's: accuracy and the Brier score are exact (they are
    /// means over rows), calibration and ECE are exact (bins add up). AUROC and AUPRC come from the
    /// summed score histograms when every site sent consistent ones (within a stated bound of the
    /// values on the pooled scores, as the simulator computes them); otherwise, like balanced accuracy
    /// and F1, they are the mean over sites weighted by held-out rows, and <see cref="PooledEvaluation.Fallback"/>
    /// says which sites left them so.
    /// </summary>
    /// <param name="sites">Each site's evaluation of the same model.</param>
    /// <param name="classCount">The study's class count.</param>
    /// <param name="rowCounts">The sites' held-out rows per class as they told them at setup, when known.</param>
    /// <param name="securelySummed">
    /// Under secure aggregation, the sites' score histograms as the secure round summed them (no site sent its own);
    /// used when they cover exactly the evaluating sites' held-out rows.
    /// </param>
    public static PooledEvaluation Pool(
        IReadOnlyDictionary<string, SiteEvaluation> sites, int classCount,
        IReadOnlyDictionary<string, SiteRowCounts>? rowCounts = null, Core.Metrics.ScoreHistograms? securelySummed = null)
    {
        var perSite = sites.ToDictionary(p => p.Key, p => p.Value.ToMetrics(), StringComparer.Ordinal);
        if (sites.Count > 0 && sites.Values.All(s => s.Segmentation is not null))
        {
            // Means over patients weighted by patients, pixel Dice from summed overlaps: what the simulator computes on the pooled masks.
            var segmentation = SegmentationMetrics.Pool(perSite.Values.Cast<SegmentationMetrics>().ToList());
            return new PooledEvaluation(new Evaluation(segmentation, perSite, []), null, []);
        }
        if (sites.Values.Any(s => s.Segmentation is not null))
            throw new FormatException("Some sites sent segmentation figures and others classification figures for the same model.");
        var total = sites.Values.Sum(s => s.HoldoutRows);
        var merged = sites.Values.SelectMany(s => s.Calibration).GroupBy(b => b.Bin).OrderBy(g => g.Key)
            .Select(g => (Predicted: g.Sum(b => b.PredictedSum), Observed: g.Sum(b => b.ObservedSum),
                Count: g.Sum(b => b.Count)))
            .ToList();
        var curve = merged.Select(b => new CalibrationBin(b.Predicted / b.Count, b.Observed / b.Count, b.Count))
            .ToList();
        var binned = merged.Sum(b => b.Count);
        var ece = binned == 0 ? double.NaN : merged.Sum(b => Math.Abs(b.Predicted - b.Observed)) / binned;
        double Mean(string name)
        {
            var parts = sites.Values.Where(s => s.Metrics.TryGetValue(name, out var v) && double.IsFinite(v)).ToList();
            var n = parts.Sum(s => s.HoldoutRows);
            return n == 0 ? double.NaN : parts.Sum(s => s.Metrics[name] * s.HoldoutRows) / n;
        }
        var fallback = securelySummed is not null
            ? [.. new[] { SecureSumProblem(securelySummed, total, classCount) }.OfType<string>()]
            : sites.OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => HistogramProblem(p.Key, p.Value, classCount, rowCounts?.GetValueOrDefault(p.Key)))
                .OfType<string>().ToList();
        var ranking = fallback.Count == 0 && sites.Count > 0
            ? PooledRankingMetrics.Compute(securelySummed
                ?? Core.Metrics.ScoreHistograms.Sum(sites.Values.Select(s => s.ScoreHistograms!.ToHistograms())))
            : null;
        var pooled = new ClassificationMetrics(ranking?.Auroc ?? Mean("auroc"), ranking?.Auprc ?? Mean("auprc"),
            Mean("accuracy"), Mean("balanced_accuracy"), Mean("f1"), Mean("brier"), ece, (int)total);
        return new PooledEvaluation(new Evaluation(pooled, perSite, curve), ranking, fallback);
    }

    /// <summary>Why securely summed histograms cannot stand for the evaluating sites' (they cover other rows), or null.</summary>
    private static string? SecureSumProblem(Core.Metrics.ScoreHistograms summed, long holdoutRows, int classCount)
    {
        if (summed.ClassCount != classCount) return $"the secure sum of score histograms is of {summed.ClassCount} classes; the study has {classCount}";
        long covered = 0;
        foreach (var c in summed.Positives(0)) covered += c;
        foreach (var c in summed.Negatives(0)) covered += c;
        return covered == holdoutRows ? null
            : $"the secure sum of score histograms covers {covered} held-out rows and the evaluations {holdoutRows} " +
              "(under secure aggregation a site that only evaluates sends no histograms)";
    }

    /// <summary>Why a site's histograms cannot join the sum (absent, or at odds with the study), or null.</summary>
    private static string? HistogramProblem(string site, SiteEvaluation e, int classCount, SiteRowCounts? rows)
    {
        if (e.ScoreHistograms is not { } h) return $"{site} sent no score histograms";
        if (h.Problem(e.HoldoutRows, "score_histograms") is { } why)
            return $"{site}'s score histograms are inconsistent: {why}";
        if (h.Classes != classCount)
            return $"{site}'s score histograms are of {h.Classes} classes; the study has {classCount}";
        if (rows is null || rows.HoldoutByClass.Length != classCount || rows.Holdout != e.HoldoutRows) return null;
        for (var r = 0; r < h.Ranked.Count; r++)
        {
            var cls = h.Ranked[r].Class;
            if (h.PositiveRows(r) != rows.HoldoutByClass[cls])
                return $"{site}'s score histograms hold {h.PositiveRows(r)} held-out rows of class {cls}; " +
                    $"its statistics answer said {rows.HoldoutByClass[cls]}";
        }
        return null;
    }

    private static int BinOf(double meanPredicted) =>
        Math.Clamp(
            (int)(meanPredicted * ClassificationMetrics.CalibrationBins), 0, ClassificationMetrics.CalibrationBins - 1);

    private static ClassificationMetrics FromDictionary(IReadOnlyDictionary<string, double> m, int count) =>
        new(Get(m, "auroc"), Get(m, "auprc"), Get(m, "accuracy"), Get(m, "balanced_accuracy"), Get(m, "f1"), Get(m, "brier"), Get(m, "ece"), count);

    private static double Get(IReadOnlyDictionary<string, double> m, string name) => m.TryGetValue(name, out var v) ? v : double.NaN;
}

/// <summary>
/// What makes a segmentation evaluation pool exactly: the held-out patients scored, those with an HD95 (foreground in
/// truth and prediction on some slice), and 2|P∩T| and |P| + |T| over every held-out pixel. Counts only.
/// </summary>
public sealed record SegmentationCounts(long Patients, long Hd95Patients, long Overlap, long Pixels);
