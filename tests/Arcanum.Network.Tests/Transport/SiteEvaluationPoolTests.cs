using Arcanum.Core.Metrics;
using Arcanum.Network.Transport;

namespace Arcanum.Network.Tests.WireTransport;

/// <summary>The server's pooling of site evaluations: AUROC/AUPRC within a bound, or an announced fallback.</summary>
public sealed class SiteEvaluationPoolTests
{
    [Fact]
    public void Pool_EverySiteSendsHistograms_MatchesMetricsOnThePooledScoresWithinTheBound()
    {
        // Given three sites' held-out scores of one model
        var sites = Enumerable.Range(0, 3).Select(s => Scores(120 + 90 * s, seed: s, shift: 0.3 * s)).ToArray();
        var evaluations = Evaluations(sites, histograms: [true, true, true]);

        // When
        var pooled = SiteEvaluation.Pool(evaluations, 2);

        // Then AUROC and AUPRC are the simulator's (ClassificationMetrics on all rows) within the stated bound
        var exact = ClassificationMetrics.Compute(
            [.. sites.SelectMany(s => s.Labels)], [.. sites.SelectMany(s => s.Probabilities)], 2);
        var ranking = Assert.IsType<PooledRankingMetrics>(pooled.Ranking);
        Assert.Empty(pooled.Fallback);
        Assert.InRange(Math.Abs(pooled.Evaluation.Pooled.Get("auroc") - exact.Auroc), 0, ranking.AurocBound + 1e-12);
        Assert.InRange(Math.Abs(pooled.Evaluation.Pooled.Get("auprc") - exact.Auprc), 0, ranking.AuprcBound + 1e-12);
        Assert.True(ranking.AurocBound < 1e-3, $"bound {ranking.AurocBound}");
        Assert.Contains("summed score histograms", pooled.Description);
        // and the weighted site mean it replaces is measurably off for these sites
        Assert.True(Math.Abs(WeightedMean(evaluations, "auroc") - exact.Auroc) > 10 * ranking.AurocBound);
    }

    [Fact]
    public void Pool_OneSiteSendsNone_FallsBackToTheWeightedMeanAndSaysWhy()
    {
        // Given site-1 shares no histograms
        var sites = Enumerable.Range(0, 3).Select(s => Scores(100, seed: s, shift: 0.3 * s)).ToArray();
        var evaluations = Evaluations(sites, histograms: [true, false, true]);

        // When
        var pooled = SiteEvaluation.Pool(evaluations, 2);

        // Then
        Assert.Null(pooled.Ranking);
        Assert.Equal(["site-1 sent no score histograms"], pooled.Fallback);
        Assert.Equal(WeightedMean(evaluations, "auroc"), pooled.Evaluation.Pooled.Get("auroc"), 12);
        Assert.Equal(WeightedMean(evaluations, "auprc"), pooled.Evaluation.Pooled.Get("auprc"), 12);
        Assert.Contains("AUROC, AUPRC, balanced accuracy and F1 as site means weighted by rows", pooled.Description);
        Assert.Contains("site-1 sent no score histograms", pooled.Description);
    }

    [Fact]
    public void Pool_HistogramsAtOddsWithTheSitesClassCounts_FallsBackNamingBoth()
    {
        // Given site-0 told 7 positive held-out rows at setup, but its histograms hold another number
        var sites = Enumerable.Range(0, 2).Select(s => Scores(50, seed: s, shift: 0)).ToArray();
        var evaluations = Evaluations(sites, histograms: [true, true]);
        var positives = sites[0].Labels.Count(l => l == 1);
        var told = new Dictionary<string, SiteRowCounts> { ["site-0"] = new(200, 50, [43, 7]) };
        Assert.NotEqual(7, positives);

        // When
        var pooled = SiteEvaluation.Pool(evaluations, 2, told);

        // Then
        Assert.Null(pooled.Ranking);
        Assert.Equal(
            [$"site-0's score histograms hold {positives} held-out rows of class 1; its statistics answer said 7"],
            pooled.Fallback);
    }

    [Fact]
    public void Pool_HistogramsOfAnotherClassCount_FallsBack()
    {
        // Given
        var evaluations = Evaluations([Scores(30, seed: 1, shift: 0)], histograms: [true]);

        // When
        var pooled = SiteEvaluation.Pool(evaluations, 3);

        // Then
        Assert.Equal(["site-0's score histograms are of 2 classes; the study has 3"], pooled.Fallback);
    }

    /// <summary>Each site's evaluation as the server reads it off the wire.</summary>
    private static Dictionary<string, SiteEvaluation> Evaluations(
        (int[] Labels, float[] Probabilities)[] sites, bool[] histograms) =>
        sites.Select((s, i) =>
                (Name: $"site-{i}", Evaluation: SiteEvaluation.Compute(2, s.Labels, s.Probabilities, 2, histograms[i])))
            .ToDictionary(p => p.Name, p => WireJson.Read<SiteEvaluation>(WireJson.Write(p.Evaluation), "evaluation"));

    private static double WeightedMean(Dictionary<string, SiteEvaluation> sites, string metric) =>
        sites.Values.Sum(s => s.Metrics[metric] * s.HoldoutRows) / sites.Values.Sum(s => s.HoldoutRows);

    /// <summary>Binary labels and p(class 1) rising with the label; <paramref name="shift"/> moves scores up.</summary>
    private static (int[] Labels, float[] Probabilities) Scores(int n, int seed, double shift)
    {
        var random = new Random(seed);
        var labels = new int[n];
        var probabilities = new float[2 * n];
        for (var i = 0; i < n; i++)
        {
            labels[i] = random.NextDouble() < 0.35 ? 1 : 0;
            var logit = random.NextDouble() * 3 - 1.5 + (labels[i] == 1 ? 1.2 : 0) + shift;
            var p = (float)(1 / (1 + Math.Exp(-logit)));
            probabilities[2 * i] = 1 - p;
            probabilities[2 * i + 1] = p;
        }
        return (labels, probabilities);
    }
}
