using Arcanum.Core.Metrics;

namespace Arcanum.Core.Tests.Metrics;

public sealed class PooledRankingMetricsTests
{
    private const double Tolerance = 1e-12;

    /// <summary>Rows [1 − p, p] for binary problems.</summary>
    private static float[] Binary(params float[] positive) => [.. positive.SelectMany(p => new[] { 1 - p, p })];

    [Fact]
    public void Compute_TwoSitesByHand_MatchesHandComputedValuesAndBounds()
    {
        // Given site A: positive 0.9, negative 0.3; site B: positive 0.6, negatives 0.7 and 0.2; 2 bins
        var a = ScoreHistograms.Build([1, 0], Binary(0.9f, 0.3f), 2, bins: 2);
        var b = ScoreHistograms.Build([1, 0, 0], Binary(0.6f, 0.7f, 0.2f), 2, bins: 2);

        // When
        var m = PooledRankingMetrics.Compute(ScoreHistograms.Sum([a, b]));

        // Then bin 1 holds positives 0.9, 0.6 and negative 0.7; bin 0 negatives 0.3, 0.2.
        // AUROC: each positive beats 2 negatives below and half of the 1 beside it: (2.5 + 2.5)/(2·3)
        Assert.Equal(5.0 / 6, m.Auroc, Tolerance);
        // Bound: 2·1 pairs share a bin, /2 /(2·3)
        Assert.Equal(1.0 / 6, m.AurocBound, Tolerance);
        // AP: one threshold at bin 1, precision 2/3 at recall 1; the exact pooled AP is 5/6
        Assert.Equal(2.0 / 3, m.Auprc, Tolerance);
        // Bound: U = 2·2/2 = 2, L = 1/2 + 2/3, (U − L)/P = (5/6)/2
        Assert.Equal(5.0 / 12, m.AuprcBound, Tolerance);
        Assert.Equal(5, m.Count);
        var exact = ClassificationMetrics.Compute([1, 0, 1, 0, 0], Binary(0.9f, 0.3f, 0.6f, 0.7f, 0.2f), 2);
        Assert.InRange(Math.Abs(m.Auprc - exact.Auprc), 0, m.AuprcBound);
    }

    [Fact]
    public void Compute_TwoSitesInSeparateBins_IsExactWithZeroBound()
    {
        // Given the same scores but 0.75 for 0.7 (0.7f is 0.69999999, in 0.6's bin) on 10 bins: no shared bin
        var a = ScoreHistograms.Build([1, 0], Binary(0.9f, 0.3f), 2, bins: 10);
        var b = ScoreHistograms.Build([1, 0, 0], Binary(0.6f, 0.75f, 0.2f), 2, bins: 10);

        // When
        var m = PooledRankingMetrics.Compute(ScoreHistograms.Sum([a, b]));

        // Then AUROC 5/6 (0.9 beats 3, 0.6 beats 2) and AP 0.5·1 + 0.5·2/3, both exact
        Assert.Equal(5.0 / 6, m.Auroc, Tolerance);
        Assert.Equal(5.0 / 6, m.Auprc, Tolerance);
        Assert.Equal(0, m.AurocBound);
        Assert.Equal(0, m.AuprcBound, Tolerance);
    }

    [Theory]
    [InlineData(2, 16)]
    [InlineData(2, ScoreHistograms.DefaultBins)]
    [InlineData(4, 16)]
    [InlineData(4, ScoreHistograms.DefaultBins)]
    public void Sum_ThreeSites_MatchesExactPooledMetricsWithinBound(int classCount, int bins)
    {
        // Given three sites of different sizes with overlapping, informative scores
        var sites = Enumerable.Range(0, 3).Select(s => Site(classCount, 200 + 150 * s, seed: s)).ToArray();
        var labels = sites.SelectMany(s => s.Labels).ToArray();
        var probabilities = sites.SelectMany(s => s.Probabilities).ToArray();

        // When
        var pooled = PooledRankingMetrics.Compute(
            ScoreHistograms.Sum(sites.Select(s => ScoreHistograms.Build(s.Labels, s.Probabilities, classCount, bins))));
        var exact = ClassificationMetrics.Compute(labels, probabilities, classCount);

        // Then
        Assert.Equal(labels.Length, pooled.Count);
        Assert.InRange(Math.Abs(pooled.Auroc - exact.Auroc), 0, pooled.AurocBound + Tolerance);
        Assert.InRange(Math.Abs(pooled.Auprc - exact.Auprc), 0, pooled.AuprcBound + Tolerance);
        if (bins == ScoreHistograms.DefaultBins)
        {
            Assert.True(pooled.AurocBound < 1e-3, $"AUROC bound {pooled.AurocBound}");
            Assert.True(pooled.AuprcBound < 1e-2, $"AUPRC bound {pooled.AuprcBound}");
        }
    }

    [Fact]
    public void Compute_CoarseBins_EqualsRankingMetricsOnBinnedScores()
    {
        // Given scores, and the same scores replaced by their bin on 8 bins
        var site = Site(2, 300, seed: 7);
        var scores = Enumerable.Range(0, site.Labels.Length).Select(i => site.Probabilities[2 * i + 1]).ToArray();
        var positive = site.Labels.Select(l => l == 1).ToArray();
        var binned = scores.Select(s => (float)ScoreHistograms.Bin(s, 8)).ToArray();

        // When
        var m = PooledRankingMetrics.Compute(ScoreHistograms.Build(site.Labels, site.Probabilities, 2, bins: 8));

        // Then one bin is one tied threshold
        Assert.Equal(RankingMetrics.Auroc(binned, positive), m.Auroc, Tolerance);
        Assert.Equal(RankingMetrics.AveragePrecision(binned, positive), m.Auprc, Tolerance);
    }

    [Fact]
    public void Compute_TiedScoresAcrossSites_CountHalfAsRankingMetricsDoes()
    {
        // Given a positive and a negative tied at 0.25 on different sites, a positive at 0.75, a negative at 0.1
        var a = ScoreHistograms.Build([1, 0], Binary(0.25f, 0.1f), 2, bins: 4);
        var b = ScoreHistograms.Build([0, 1], Binary(0.25f, 0.75f), 2, bins: 4);

        // When
        var m = PooledRankingMetrics.Compute(ScoreHistograms.Sum([a, b]));

        // Then pairs: tie ½, and 1 + 1 + 1 → 3.5/4; AP: 0.75 (P 1, R ½), 0.25 tie (P 2/3, R 1)
        var exact = ClassificationMetrics.Compute([1, 0, 0, 1], Binary(0.25f, 0.1f, 0.25f, 0.75f), 2);
        Assert.Equal(0.875, m.Auroc, Tolerance);
        Assert.Equal(exact.Auroc, m.Auroc, Tolerance);
        Assert.Equal(0.5 + 0.5 * 2 / 3.0, m.Auprc, Tolerance);
        Assert.Equal(exact.Auprc, m.Auprc, Tolerance);
    }

    [Fact]
    public void Compute_NoPositives_IsNaNLikeClassificationMetrics()
    {
        // Given only negatives
        var h = ScoreHistograms.Build([0, 0, 0], Binary(0.2f, 0.4f, 0.9f), 2, bins: 16);

        // When
        var m = PooledRankingMetrics.Compute(h);

        // Then neither metric is defined, and neither is a bound
        Assert.True(double.IsNaN(m.Auroc) && double.IsNaN(m.Auprc));
        Assert.True(double.IsNaN(m.AurocBound) && double.IsNaN(m.AuprcBound));
    }

    [Fact]
    public void Compute_MulticlassWithAbsentClass_LeavesItOutOfTheMacroMean()
    {
        // Given 3 classes, class 2 never the label, at two sites
        float[] rows = [0.7f, 0.2f, 0.1f, 0.2f, 0.5f, 0.3f, 0.3f, 0.3f, 0.4f, 0.1f, 0.8f, 0.1f];
        int[] labels = [0, 1, 0, 1];
        var a = ScoreHistograms.Build(labels[..2], rows.AsSpan(0, 6), 3, bins: 64);
        var b = ScoreHistograms.Build(labels[2..], rows.AsSpan(6), 3, bins: 64);

        // When
        var m = PooledRankingMetrics.Compute(ScoreHistograms.Sum([a, b]));

        // Then the means run over classes 0 and 1, as ClassificationMetrics' do
        var exact = ClassificationMetrics.Compute(labels, rows, 3);
        Assert.Equal(exact.Auroc, m.Auroc, Tolerance);
        Assert.Equal(exact.Auprc, m.Auprc, Tolerance);
    }

    [Fact]
    public void Sum_DifferentBins_ThrowsNamingBothShapes()
    {
        // Given
        var a = ScoreHistograms.Build([1], Binary(0.5f), 2, bins: 8);
        var b = ScoreHistograms.Build([1], Binary(0.5f), 2, bins: 16);

        // When
        var e = Assert.Throws<ArgumentException>(() => ScoreHistograms.Sum([a, b]));

        // Then
        Assert.Contains("16 bins", e.Message);
    }

    [Fact]
    public void FromCounts_WrongLength_Throws()
    {
        // Given/When
        var e = Assert.Throws<ArgumentException>(() => ScoreHistograms.FromCounts(new long[10], 3, bins: 4));

        // Then 3 classes × 2 × 4 bins
        Assert.Contains("24 counts", e.Message);
    }

    /// <summary>Labels and softmax-like probabilities where the true class gets a noisy boost.</summary>
    private static (int[] Labels, float[] Probabilities) Site(int classCount, int n, int seed)
    {
        var random = new Random(seed);
        var labels = new int[n];
        var probabilities = new float[n * classCount];
        for (var i = 0; i < n; i++)
        {
            labels[i] = random.Next(classCount);
            double total = 0;
            var logits = new double[classCount];
            for (var k = 0; k < classCount; k++)
            {
                logits[k] = Math.Exp(random.NextDouble() * 2 + (k == labels[i] ? 1.0 : 0));
                total += logits[k];
            }
            for (var k = 0; k < classCount; k++) probabilities[i * classCount + k] = (float)(logits[k] / total);
        }
        return (labels, probabilities);
    }
}
