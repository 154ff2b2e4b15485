namespace Arcanum.Core.Metrics;

/// <summary>
/// How well predicted class probabilities match labels. Binary problems (two classes) treat
/// class 1 as positive; with more classes, ranking metrics and F1 are macro averages.
/// A metric that is undefined on the given samples is NaN, never a made-up 0 or 1.
/// </summary>
/// <param name="Auroc">
/// Area under the ROC curve, the Mann–Whitney statistic with ties counted one half. Multiclass:
/// macro mean of one-vs-rest AUROC over the classes that have both positives and negatives.
/// NaN when no class does (e.g. all labels are one class).
/// </param>
/// <param name="Auprc">
/// Average precision (scikit-learn's definition, Σ (R_n − R_{n−1})·P_n over distinct thresholds,
/// no interpolation). Multiclass: macro mean over the classes present in the labels. NaN when the
/// positive class is absent.
/// </param>
/// <param name="Accuracy">Fraction classified correctly, predicting the most probable class (ties go to the lower class; for two classes that is p(positive) &gt; 0.5).</param>
/// <param name="BalancedAccuracy">Mean recall over the classes present in the labels.</param>
/// <param name="F1">
/// Binary: F1 of the positive class, NaN when there are neither positive labels nor positive
/// predictions (scikit-learn would report 0). Multiclass: macro F1 over the classes that occur in
/// the labels or the predictions.
/// </param>
/// <param name="Brier">
/// Binary: mean (p(positive) − y)² (scikit-learn's brier_score_loss). Multiclass: mean over samples
/// of Σ_k (p_k − 1[y = k])², the original Brier score, which ranges up to 2.
/// </param>
/// <param name="CalibrationError">
/// Expected calibration error with 10 equal-width bins: Σ_b (n_b/n)·|mean predicted − observed rate|.
/// Binary: on p(positive) against the positive rate. Multiclass: on the top-label confidence against
/// accuracy (Guo et al. 2017).
/// </param>
/// <param name="Count">Number of samples; with 0 samples every metric is NaN.</param>
public sealed record ClassificationMetrics(
    double Auroc, double Auprc, double Accuracy, double BalancedAccuracy, double F1, double Brier, double CalibrationError, int Count)
    : ModelMetrics(Count)
{
    /// <summary>Bins used for <see cref="CalibrationError"/>.</summary>
    public const int CalibrationBins = 10;

    /// <summary>Metric names as used in reports, configuration and <see cref="Get"/>, in report order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["auroc", "auprc", "accuracy", "balanced_accuracy", "f1", "brier", "ece"];

    /// <summary>Computes every metric.</summary>
    /// <param name="labels">True class of each sample, in [0, classCount).</param>
    /// <param name="probabilities">Row-major [labels.Count × classCount] probabilities in [0, 1].</param>
    /// <param name="classCount">Number of classes, at least 2.</param>
    public static ClassificationMetrics Compute(IReadOnlyList<int> labels, ReadOnlySpan<float> probabilities, int classCount)
    {
        Validate(labels, probabilities, classCount);
        var n = labels.Count;
        if (n == 0) return new(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, 0);

        var predicted = new int[n];
        for (var i = 0; i < n; i++) predicted[i] = ArgMax(probabilities.Slice(i * classCount, classCount));
        var (accuracy, balanced) = Accuracies(labels, predicted, classCount);
        var calibration = CalibrationCurve(labels, probabilities, classCount, CalibrationBins);
        var ece = CalibrationMath.ExpectedError(calibration);

        if (classCount == 2)
        {
            var p = Column(probabilities, classCount, 1);
            var positive = IsClass(labels, 1);
            double brier = 0;
            for (var i = 0; i < n; i++)
            {
                var d = p[i] - (positive[i] ? 1.0 : 0.0);
                brier += d * d;
            }
            return new(
                RankingMetrics.Auroc(p, positive), RankingMetrics.AveragePrecision(p, positive),
                accuracy, balanced, ClassF1(labels, predicted, 1), brier / n, ece, n);
        }

        var aurocs = new List<double>();
        var auprcs = new List<double>();
        var f1s = new List<double>();
        for (var k = 0; k < classCount; k++)
        {
            var scores = Column(probabilities, classCount, k);
            var positive = IsClass(labels, k);
            // Undefined per-class values (NaN) mean the class is absent and leave the macro mean.
            AddIfDefined(aurocs, RankingMetrics.Auroc(scores, positive));
            AddIfDefined(auprcs, RankingMetrics.AveragePrecision(scores, positive));
            AddIfDefined(f1s, ClassF1(labels, predicted, k));
        }
        double multiBrier = 0;
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k < classCount; k++)
            {
                var d = probabilities[i * classCount + k] - (labels[i] == k ? 1.0 : 0.0);
                multiBrier += d * d;
            }
        }
        return new(MeanOrNaN(aurocs), MeanOrNaN(auprcs), accuracy, balanced, MeanOrNaN(f1s), multiBrier / n, ece, n);
    }

    /// <summary>
    /// Reliability diagram: non-empty equal-width bins of p(positive) against the positive rate
    /// (two classes) or of top-label confidence against accuracy (more classes). Bin b holds
    /// b/bins ≤ p &lt; (b+1)/bins; the last bin also holds 1.
    /// </summary>
    public static IReadOnlyList<CalibrationBin> CalibrationCurve(IReadOnlyList<int> labels, ReadOnlySpan<float> probabilities, int classCount, int bins = CalibrationBins)
    {
        Validate(labels, probabilities, classCount);
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins), bins, "A calibration curve needs at least one bin.");
        var n = labels.Count;
        var confidence = new double[n];
        var outcome = new bool[n];
        for (var i = 0; i < n; i++)
        {
            var row = probabilities.Slice(i * classCount, classCount);
            if (classCount == 2)
            {
                confidence[i] = row[1];
                outcome[i] = labels[i] == 1;
            }
            else
            {
                var top = ArgMax(row);
                confidence[i] = row[top];
                outcome[i] = labels[i] == top;
            }
        }
        return CalibrationMath.Bins(confidence, outcome, bins);
    }

    /// <summary>The metrics by name (<see cref="Names"/>, in that order).</summary>
    public override IReadOnlyDictionary<string, double> ToDictionary()
    {
        var d = new OrderedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var name in Names) d.Add(name, Get(name));
        return d;
    }

    /// <summary>One metric by name (case-insensitive), e.g. "auroc" or "balanced_accuracy".</summary>
    public override double Get(string metricName) => metricName?.Trim().ToLowerInvariant() switch
    {
        "auroc" => Auroc,
        "auprc" => Auprc,
        "accuracy" => Accuracy,
        "balanced_accuracy" => BalancedAccuracy,
        "f1" => F1,
        "brier" => Brier,
        "ece" => CalibrationError,
        _ => throw UnknownMetric(metricName),
    };

    /// <summary>True when a larger value of the metric is better (false for brier and ece).</summary>
    public static bool IsHigherBetter(string metricName) => metricName?.Trim().ToLowerInvariant() switch
    {
        "auroc" or "auprc" or "accuracy" or "balanced_accuracy" or "f1" => true,
        "brier" or "ece" => false,
        _ => throw UnknownMetric(metricName),
    };

    private static ArgumentException UnknownMetric(string? name) =>
        new($"Unknown metric '{name}'. Valid metrics: {string.Join(", ", Names)}.", nameof(name));

    private static void Validate(IReadOnlyList<int> labels, ReadOnlySpan<float> probabilities, int classCount)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (classCount < 2)
            throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "Classification needs at least two classes.");
        if ((long)labels.Count * classCount != probabilities.Length)
            throw new ArgumentException($"Expected {labels.Count} × {classCount} = {(long)labels.Count * classCount} probabilities (one row per label), got {probabilities.Length}.", nameof(probabilities));
        for (var i = 0; i < labels.Count; i++)
        {
            if ((uint)labels[i] >= (uint)classCount)
                throw new ArgumentException($"Label {labels[i]} at position {i} is outside the {classCount} classes 0..{classCount - 1}.", nameof(labels));
        }
        for (var i = 0; i < probabilities.Length; i++)
        {
            if (!(probabilities[i] >= 0f && probabilities[i] <= 1f))
                throw new ArgumentException($"Probability {probabilities[i]} for sample {i / classCount}, class {i % classCount} is not in [0, 1].", nameof(probabilities));
        }
    }

    private static (double Accuracy, double Balanced) Accuracies(IReadOnlyList<int> labels, int[] predicted, int classCount)
    {
        var support = new int[classCount];
        var correct = new int[classCount];
        for (var i = 0; i < predicted.Length; i++)
        {
            support[labels[i]]++;
            if (predicted[i] == labels[i]) correct[labels[i]]++;
        }
        var recalls = Enumerable.Range(0, classCount).Where(k => support[k] > 0).Select(k => (double)correct[k] / support[k]);
        return ((double)correct.Sum() / predicted.Length, recalls.Average());
    }

    /// <summary>F1 of class <paramref name="k"/>; NaN when it occurs in neither labels nor predictions.</summary>
    private static double ClassF1(IReadOnlyList<int> labels, int[] predicted, int k)
    {
        long tp = 0, fp = 0, fn = 0;
        for (var i = 0; i < predicted.Length; i++)
        {
            var isLabel = labels[i] == k;
            var isPredicted = predicted[i] == k;
            if (isLabel && isPredicted) tp++;
            else if (isPredicted) fp++;
            else if (isLabel) fn++;
        }
        var denominator = 2 * tp + fp + fn;
        return denominator == 0 ? double.NaN : 2.0 * tp / denominator;
    }

    private static int ArgMax(ReadOnlySpan<float> row)
    {
        var best = 0;
        for (var k = 1; k < row.Length; k++)
        {
            if (row[k] > row[best]) best = k;
        }
        return best;
    }

    private static float[] Column(ReadOnlySpan<float> probabilities, int classCount, int k)
    {
        var column = new float[probabilities.Length / classCount];
        for (var i = 0; i < column.Length; i++) column[i] = probabilities[i * classCount + k];
        return column;
    }

    private static bool[] IsClass(IReadOnlyList<int> labels, int k)
    {
        var result = new bool[labels.Count];
        for (var i = 0; i < result.Length; i++) result[i] = labels[i] == k;
        return result;
    }

    private static void AddIfDefined(List<double> values, double value)
    {
        if (!double.IsNaN(value)) values.Add(value);
    }

    private static double MeanOrNaN(List<double> values) => values.Count == 0 ? double.NaN : values.Average();
}
