using Arcanum.Core.Metrics;

namespace Arcanum.Synthesis.Evaluation;

/// <summary>
/// How well one trained classifier predicts the holdout rows.
/// </summary>
/// <param name="Auroc">Binary: AUROC of p(positive class). Multiclass: macro mean of one-vs-rest AUROC over classes present in the holdout. NaN when undefined (one class in the holdout).</param>
/// <param name="MacroF1">Mean F1 over the classes that occur in the holdout labels or the predictions (most probable class).</param>
/// <param name="Accuracy">Share of holdout rows whose most probable class is right.</param>
/// <param name="TrainingRows">Rows the classifier was trained on.</param>
/// <param name="TestRows">Holdout rows scored.</param>
public sealed record ClassScores(double Auroc, double MacroF1, double Accuracy, int TrainingRows, int TestRows)
{
    internal static ClassScores Of(int[] labels, float[] probabilities, int classCount, int trainingRows)
    {
        var metrics = ClassificationMetrics.Compute(labels, probabilities, classCount);
        return new ClassScores(metrics.Auroc, MacroF1Of(labels, probabilities, classCount), metrics.Accuracy, trainingRows, labels.Length);
    }

    /// <summary>Macro F1 with the most probable class (ties to the lower class); classes in neither labels nor predictions are left out.</summary>
    internal static double MacroF1Of(int[] labels, float[] probabilities, int classCount)
    {
        var tp = new long[classCount];
        var fp = new long[classCount];
        var fn = new long[classCount];
        for (var i = 0; i < labels.Length; i++)
        {
            var predicted = 0;
            for (var k = 1; k < classCount; k++)
            {
                if (probabilities[i * classCount + k] > probabilities[i * classCount + predicted]) predicted = k;
            }
            if (predicted == labels[i]) tp[predicted]++;
            else
            {
                fp[predicted]++;
                fn[labels[i]]++;
            }
        }
        var f1 = Enumerable.Range(0, classCount).Where(k => tp[k] + fp[k] + fn[k] > 0).Select(k => 2.0 * tp[k] / (2 * tp[k] + fp[k] + fn[k])).ToList();
        return f1.Count == 0 ? double.NaN : f1.Average();
    }

    public override string ToString() =>
        FormattableString.Invariant($"AUROC {Auroc:0.###}, macro-F1 {MacroF1:0.###}, accuracy {Accuracy:0.###} ({TrainingRows} training rows, {TestRows} test rows)");
}
