using Arcanum.Core.Learning;
using Arcanum.Core.Metrics;

namespace Arcanum.Federated.Simulation;

/// <summary>
/// Scores a model's predictions on held-out data, whatever the task: class probabilities against
/// labels (<see cref="ClassificationMetrics"/>), or per-pixel probabilities against masks, per
/// patient (<see cref="SegmentationMetrics"/>). One place decides, so the simulator's federated,
/// central and local evaluations cannot drift apart.
/// </summary>
public static class HoldoutScoring
{
    /// <summary>One part of a pooled evaluation: a site's held-out data and the model's predictions on it.</summary>
    public sealed record Part(string Site, TensorDataset Holdout, float[] Predictions);

    /// <summary>The metrics of one site's predictions.</summary>
    public static ModelMetrics Score(TensorDataset holdout, float[] predictions, int classCount)
    {
        ArgumentNullException.ThrowIfNull(holdout);
        return holdout.Masks is { } masks
            ? SegmentationMetrics.Compute(masks, predictions, holdout.Groups, holdout.SampleShape[1], holdout.SampleShape[2])
            : ClassificationMetrics.Compute(holdout.Labels, predictions, classCount);
    }

    /// <summary>
    /// The metrics of several sites' predictions taken together. Patients are keyed by site too, so
    /// two hospitals' "patient 1" stay two patients.
    /// </summary>
    public static ModelMetrics Pool(IReadOnlyList<Part> parts, int classCount)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0) throw new ArgumentException("Nothing to pool.", nameof(parts));
        var predictions = parts.SelectMany(p => p.Predictions).ToArray();
        var first = parts[0].Holdout;
        if (first.Masks is null)
            return ClassificationMetrics.Compute([.. parts.SelectMany(p => p.Holdout.Labels)], predictions, classCount);
        var masks = parts.SelectMany(p => p.Holdout.Masks ?? throw new ArgumentException($"Site '{p.Site}' has no masks to score against.")).ToArray();
        var groups = parts.SelectMany(p => Groups(p)).ToArray();
        return SegmentationMetrics.Compute(masks, predictions, groups, first.SampleShape[1], first.SampleShape[2]);
    }

    /// <summary>The pooled calibration curve; empty for segmentation (per-pixel calibration is not what a reader of a mask needs).</summary>
    public static IReadOnlyList<CalibrationBin> Calibration(IReadOnlyList<Part> parts, int classCount)
    {
        if (parts.Count == 0 || parts[0].Holdout.Masks is not null) return [];
        return ClassificationMetrics.CalibrationCurve([.. parts.SelectMany(p => p.Holdout.Labels)], parts.SelectMany(p => p.Predictions).ToArray(), classCount);
    }

    /// <summary>
    /// The headline metric's 95% bootstrap interval: over rows (AUROC or accuracy) or, for
    /// segmentation, over patients (their Dice); null where undefined.
    /// </summary>
    public static MetricInterval? Interval(IReadOnlyList<Part> parts, ModelMetrics metrics, int classCount, int seed)
    {
        if (metrics is SegmentationMetrics s) return Bootstrap.Mean("dice", s.PatientDice, seed);
        var labels = parts.SelectMany(p => p.Holdout.Labels).ToArray();
        var probabilities = parts.SelectMany(p => p.Predictions).ToArray();
        if (classCount == 2) return Bootstrap.Auroc(labels, [.. labels.Select((_, r) => (double)probabilities[r * 2 + 1])], seed);
        var correct = labels.Select((y, r) =>
        {
            var row = probabilities.AsSpan(r * classCount, classCount);
            return row.IndexOf(MaxOf(row)) == y;
        }).ToList();
        return Bootstrap.Accuracy(correct, seed);
    }

    private static IEnumerable<string> Groups(Part p) =>
        p.Holdout.Groups is { } g ? g.Select(x => p.Site + "/" + x) : Enumerable.Range(0, p.Holdout.Count).Select(i => $"{p.Site}/{i}");

    private static float MaxOf(ReadOnlySpan<float> values)
    {
        var max = float.NegativeInfinity;
        foreach (var v in values) max = Math.Max(max, v);
        return max;
    }
}
