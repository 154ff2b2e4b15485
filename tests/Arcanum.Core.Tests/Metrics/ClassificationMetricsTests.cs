using Arcanum.Core.Metrics;

namespace Arcanum.Core.Tests.Metrics;

public sealed class ClassificationMetricsTests
{
    private const double Tolerance = 1e-6;

    /// <summary>Rows [1 − p, p] for binary problems.</summary>
    private static float[] Binary(params float[] positive) => [.. positive.SelectMany(p => new[] { 1 - p, p })];

    [Fact]
    public void Compute_ScikitLearnDocExample_MatchesHandComputedValues()
    {
        // Given scikit-learn's roc_auc_score / average_precision_score example: y = [0, 0, 1, 1]
        int[] labels = [0, 0, 1, 1];
        var p = Binary(0.1f, 0.4f, 0.35f, 0.8f);

        // When
        var m = ClassificationMetrics.Compute(labels, p, 2);

        // Then AUROC: positive–negative pairs (0.35>0.1, 0.35<0.4, 0.8>0.1, 0.8>0.4) → 3/4
        Assert.Equal(0.75, m.Auroc, Tolerance);
        // AP by descending threshold: 0.8 → P=1, R=.5; 0.4 → R unchanged; 0.35 → P=2/3, R=1
        //   = 0.5·1 + 0.5·2/3 = 5/6 (scikit-learn prints 0.83)
        Assert.Equal(5.0 / 6, m.Auprc, Tolerance);
        // predictions [0, 0, 0, 1]: 3 of 4 right; recalls 2/2 and 1/2
        Assert.Equal(0.75, m.Accuracy, Tolerance);
        Assert.Equal(0.75, m.BalancedAccuracy, Tolerance);
        // F1 of class 1: TP 1, FP 0, FN 1 → 2/(2+0+1)
        Assert.Equal(2.0 / 3, m.F1, Tolerance);
        // Brier: (0.1² + 0.4² + 0.65² + 0.2²)/4 = (0.01 + 0.16 + 0.4225 + 0.04)/4
        Assert.Equal(0.158125, m.Brier, Tolerance);
        // Each sample falls in its own bin (1, 4, 3, 8), so ECE = mean |p − y| = (0.1+0.4+0.65+0.2)/4
        Assert.Equal(0.3375, m.CalibrationError, Tolerance);
        Assert.Equal(4, m.Count);
    }

    [Fact]
    public void Compute_TiedScores_CountHalfInAurocAndGroupInAveragePrecision()
    {
        // Given positives scored 0.6 and 0.3, negatives 0.6, 0.3 and 0.1
        int[] labels = [1, 0, 0, 1, 0];
        var p = Binary(0.6f, 0.6f, 0.3f, 0.3f, 0.1f);

        // When
        var m = ClassificationMetrics.Compute(labels, p, 2);

        // Then AUROC: mid-ranks ascending 0.1→1, 0.3→2.5, 0.6→4.5; R+ = 4.5 + 2.5 = 7;
        //   U = 7 − 2·3/2 = 4 of 2·3 pairs = 2/3 (pairwise: 0.6 beats 0.3, 0.1 and ties 0.6; 0.3 beats 0.1 and ties 0.3)
        Assert.Equal(2.0 / 3, m.Auroc, Tolerance);
        // AP: threshold 0.6 → TP 1, FP 1: P = .5, R = .5; threshold 0.3 → TP 2, FP 2: P = .5, R = 1
        //   = 0.5·0.5 + 0.5·0.5 = 0.5
        Assert.Equal(0.5, m.Auprc, Tolerance);
    }

    [Fact]
    public void Compute_ThreeClasses_MacroAveragesAndMulticlassBrier()
    {
        // Given
        int[] labels = [0, 1, 2, 2];
        float[] p =
        [
            0.75f, 0.15f, 0.10f,
            0.25f, 0.55f, 0.20f,
            0.05f, 0.30f, 0.65f,
            0.35f, 0.45f, 0.20f,
        ];

        // When
        var m = ClassificationMetrics.Compute(labels, p, 3);

        // Then predictions are [0, 1, 2, 1]
        Assert.Equal(0.75, m.Accuracy, Tolerance);
        // recalls 1, 1, 1/2
        Assert.Equal(2.5 / 3, m.BalancedAccuracy, Tolerance);
        // F1 per class: 1; TP1 FP1 → 2/3; TP1 FN1 → 2/3; macro 7/9
        Assert.Equal(7.0 / 9, m.F1, Tolerance);
        // one-vs-rest AUROC: class 0 and 1 separate perfectly; class 2 positives {0.65, 0.20},
        //   negatives {0.10, 0.20}: 1 + 1 + 1 + ½ of 4 pairs = 0.875; macro (1 + 1 + 0.875)/3
        Assert.Equal(2.875 / 3, m.Auroc, Tolerance);
        // AP class 2: 0.65 → P 1, R .5; 0.20 (one pos, one neg) → P 2/3, R 1 → 5/6; macro (1 + 1 + 5/6)/3
        Assert.Equal(17.0 / 18, m.Auprc, Tolerance);
        // Brier rows: 0.0625+0.0225+0.01; 0.0625+0.2025+0.04; 0.0025+0.09+0.1225; 0.1225+0.2025+0.64 → 1.58/4
        Assert.Equal(0.395, m.Brier, Tolerance);
        // top-label confidences 0.75✓ 0.55✓ 0.65✓ 0.45✗, each in its own bin: (0.25+0.45+0.35+0.45)/4
        Assert.Equal(0.375, m.CalibrationError, Tolerance);
    }

    [Fact]
    public void Compute_SharedBins_EceWeighsBinsBySize()
    {
        // Given p = 0.82, 0.86 (bin 8) and 0.12, 0.18, 0.15 (bin 1)
        int[] labels = [1, 0, 1, 1, 0];
        var p = Binary(0.82f, 0.86f, 0.12f, 0.18f, 0.15f);

        // When
        var m = ClassificationMetrics.Compute(labels, p, 2);

        // Then bin 8: mean 0.84, rate 1/2 → 2/5·0.34; bin 1: mean 0.15, rate 2/3 → 3/5·0.516667; sum 0.446
        Assert.Equal(0.446, m.CalibrationError, 1e-6);
    }

    [Fact]
    public void CalibrationCurve_SharedBins_ReturnsNonEmptyBinsInOrder()
    {
        // Given the same samples
        int[] labels = [1, 0, 1, 1, 0];
        var p = Binary(0.82f, 0.86f, 0.12f, 0.18f, 0.15f);

        // When
        var curve = ClassificationMetrics.CalibrationCurve(labels, p, 2);

        // Then
        Assert.Equal(2, curve.Count);
        Assert.Equal(0.15, curve[0].MeanPredicted, 1e-6);
        Assert.Equal(2.0 / 3, curve[0].ObservedRate, Tolerance);
        Assert.Equal(3, curve[0].Count);
        Assert.Equal(0.84, curve[1].MeanPredicted, 1e-6);
        Assert.Equal(0.5, curve[1].ObservedRate, Tolerance);
        Assert.Equal(2, curve[1].Count);
    }

    [Fact]
    public void CalibrationCurve_ProbabilityOne_FallsInLastBin()
    {
        // Given p = 1 and p = 0
        int[] labels = [1, 0];

        // When
        var curve = ClassificationMetrics.CalibrationCurve(labels, Binary(1f, 0f), 2, bins: 4);

        // Then
        Assert.Equal([0.0, 1.0], curve.Select(b => b.MeanPredicted));
    }

    [Fact]
    public void Compute_OneClassPresent_RankingMetricsAreNaN()
    {
        // Given only negatives
        int[] labels = [0, 0, 0];

        // When
        var m = ClassificationMetrics.Compute(labels, Binary(0.2f, 0.1f, 0.7f), 2);

        // Then AUROC and AP need a positive; F1 is defined because one positive was predicted (F1 = 0)
        Assert.True(double.IsNaN(m.Auroc));
        Assert.True(double.IsNaN(m.Auprc));
        Assert.Equal(0, m.F1);
        Assert.Equal(2.0 / 3, m.Accuracy, Tolerance);
        Assert.Equal(2.0 / 3, m.BalancedAccuracy, Tolerance);
    }

    [Fact]
    public void Compute_NoPositivesAnywhere_F1IsNaN()
    {
        // Given no positive labels and no positive predictions
        int[] labels = [0, 0];

        // When
        var m = ClassificationMetrics.Compute(labels, Binary(0.2f, 0.1f), 2);

        // Then
        Assert.True(double.IsNaN(m.F1));
        Assert.Equal(1, m.Accuracy);
    }

    [Fact]
    public void Compute_OnlyPositives_AveragePrecisionIsOne()
    {
        // Given / When
        var m = ClassificationMetrics.Compute([1, 1], Binary(0.2f, 0.9f), 2);

        // Then every threshold has precision 1
        Assert.Equal(1, m.Auprc, Tolerance);
        Assert.True(double.IsNaN(m.Auroc));
    }

    [Fact]
    public void Compute_NoSamples_AllNaN()
    {
        // Given / When
        var m = ClassificationMetrics.Compute([], [], 2);

        // Then
        Assert.Equal(0, m.Count);
        Assert.All(m.ToDictionary().Values, v => Assert.True(double.IsNaN(v)));
    }

    [Fact]
    public void Compute_TieAtHalf_PredictsNegative()
    {
        // Given p = 0.5 for a positive
        // When
        var m = ClassificationMetrics.Compute([1], Binary(0.5f), 2);

        // Then argmax keeps the first (negative) class
        Assert.Equal(0, m.Accuracy);
    }

    [Fact]
    public void Compute_WrongProbabilityCount_ThrowsExplaining()
    {
        // Given / When
        var error = Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute([0, 1], new float[3], 2));

        // Then
        Assert.Contains("2 × 2 = 4", error.Message);
    }

    [Fact]
    public void Compute_LabelOutOfRange_Throws()
    {
        // Given / When
        var error = Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute([0, 2], Binary(0.1f, 0.2f), 2));

        // Then
        Assert.Contains("Label 2", error.Message);
    }

    [Fact]
    public void Compute_NaNProbability_Throws()
    {
        // Given / When / Then
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute([0], [float.NaN, 0.5f], 2));
    }

    [Fact]
    public void ToDictionary_Metrics_UsesReportNamesInOrder()
    {
        // Given
        var m = new ClassificationMetrics(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 9);

        // When
        var d = m.ToDictionary();

        // Then
        Assert.Equal(["auroc", "auprc", "accuracy", "balanced_accuracy", "f1", "brier", "ece"], d.Keys);
        Assert.Equal([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7], d.Values);
    }

    [Fact]
    public void Get_UnknownName_ThrowsListingValidNames()
    {
        // Given
        var m = new ClassificationMetrics(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 9);

        // When
        var error = Assert.Throws<ArgumentException>(() => m.Get("auc"));

        // Then
        Assert.Contains("balanced_accuracy", error.Message);
        Assert.Equal(0.7, m.Get("ECE"));
    }

    [Theory]
    [InlineData("auroc", true)]
    [InlineData("f1", true)]
    [InlineData("brier", false)]
    [InlineData("ece", false)]
    public void IsHigherBetter_Metric_ReportsDirection(string name, bool expected)
    {
        // Given / When / Then
        Assert.Equal(expected, ClassificationMetrics.IsHigherBetter(name));
    }
}
