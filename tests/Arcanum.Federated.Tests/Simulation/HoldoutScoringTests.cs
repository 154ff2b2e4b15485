using Arcanum.Core.Learning;
using Arcanum.Core.Metrics;
using Arcanum.Federated.Simulation;

namespace Arcanum.Federated.Tests.Simulation;

public sealed class HoldoutScoringTests
{
    /// <summary>One 4x4 image per patient; the mask is the top-left 2x2 block.</summary>
    private static TensorDataset Images(params string[] patients)
    {
        var mask = new byte[16];
        mask[0] = mask[1] = mask[4] = mask[5] = 1;
        return new TensorDataset(new float[16 * patients.Length], [.. patients.Select(_ => 1)], [1, 4, 4], 2,
            [.. patients.SelectMany(_ => mask)], patients);
    }

    private static float[] Perfect(int images) => [.. Enumerable.Range(0, images).SelectMany(_ => new float[] { 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })];

    [Fact]
    public void Pool_SamePatientNameAtTwoSites_CountsTwoPatients()
    {
        // Given two hospitals that both call their patient "p1"; A's prediction is perfect, B's empty
        var a = new HoldoutScoring.Part("A", Images("p1"), Perfect(1));
        var b = new HoldoutScoring.Part("B", Images("p1"), new float[16]);

        // When
        var pooled = (SegmentationMetrics)HoldoutScoring.Pool([a, b], 2);

        // Then they stay two patients: Dice 1 and 0, mean 0.5
        Assert.Equal(2, pooled.Count);
        Assert.Equal(0.5, pooled.Dice, 9);
    }

    [Fact]
    public void Interval_Segmentation_IsOverPatientsDice()
    {
        var part = new HoldoutScoring.Part("A", Images("p1", "p2", "p3"), Perfect(3));
        var metrics = HoldoutScoring.Score(part.Holdout, part.Predictions, 2);

        var interval = HoldoutScoring.Interval([part], metrics, 2, seed: 1);

        Assert.NotNull(interval);
        Assert.Equal("dice", interval!.Metric);
        Assert.Equal(1.0, interval.Lower, 9);
        Assert.Empty(HoldoutScoring.Calibration([part], 2));
    }

    [Fact]
    public void Score_Table_IsClassificationMetrics()
    {
        var rows = new TensorDataset(new float[4], [0, 1, 0, 1], [1], 2);
        var m = HoldoutScoring.Score(rows, [0.9f, 0.1f, 0.2f, 0.8f, 0.7f, 0.3f, 0.4f, 0.6f], 2);
        Assert.IsType<ClassificationMetrics>(m);
        Assert.Equal(1.0, m.Get("auroc"), 9);
    }
}
