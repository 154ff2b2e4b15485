using System.Text.RegularExpressions;
using Arcanum.Core.Metrics;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Reports;
using Arcanum.Federated.Simulation;
using Arcanum.Federated.Tests.Support;

namespace Arcanum.Federated.Tests.Reports;

/// <summary>The simulation report read as a clinician reads it: words for the outcome, honest axes, bins and intervals.</summary>
public sealed class ClinicalReadingTests
{
    private static readonly Lazy<SimulationResult> Result = new(() =>
    {
        var job = new JobSpec { Rounds = 3, LearningRate = 0.1 };
        return new FederatedSimulator(new PlainSoftmaxLearner()).Run(job, StudyBuilder.Load(job));
    });

    private static string Html => HtmlReport.Build(StudyReport.FromSimulation(Result.Value));

    [Fact]
    public void HtmlReport_Pbc3_NamesTheOutcomeInWords()
    {
        Assert.Contains("Target: death (status = 2) vs alive/censored", Html);
        Assert.Contains("p(death)", Html);
        Assert.Contains("held-out: death", Html);
        Assert.DoesNotContain("not 2", Html);
    }

    [Fact]
    public void HtmlReport_LocalBars_SayTheyAreThisSitesModelOnOtherSitesRows()
    {
        Assert.Contains("local, others' rows", Html);
        Assert.DoesNotContain("other sites' models", Html);
        Assert.Contains("the model trained at that site alone, scored on its own held-out rows and on every other site's held-out rows", Html);
    }

    [Fact]
    public void HtmlReport_Simulation_ShowsABootstrapIntervalForThePooledAuroc()
    {
        var pooled = Result.Value.Federated.IntervalOf(FederatedSimulator.PooledSiteName)!;

        Assert.Matches(new Regex(@"Federated AUROC 0\.\d{3} \(95% CI 0\.\d{3}–[01]\.\d{3}\) on all held-out rows"), Html);
        Assert.InRange(Result.Value.Federated.Pooled.Get("auroc"), pooled.Lower, pooled.Upper);
        Assert.True(pooled.Upper - pooled.Lower > 0.05, "89 held-out rows cannot pin AUROC down to a few hundredths");
    }

    [Fact]
    public void SummaryJson_Simulation_HasTheIntervalOfThePooledAuroc()
    {
        var federated = SummaryJson.Build(StudyReport.FromSimulation(Result.Value))["federated"]!;

        var ci = federated["auroc_ci95"]!.AsArray().Select(v => (double)v!).ToList();
        Assert.Equal(2, ci.Count);
        Assert.True(ci[0] < ci[1]);
        Assert.NotNull(federated["per_site"]!.AsObject().First().Value!["auroc_ci95"]);
    }

    [Fact]
    public void Auroc_SameSeed_SameInterval()
    {
        int[] labels = [0, 1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0];
        double[] scores = [0.1, 0.7, 0.4, 0.35, 0.9, 0.2, 0.6, 0.8, 0.3, 0.55, 0.65, 0.5];

        Assert.Equal(Bootstrap.Auroc(labels, scores, seed: 3), Bootstrap.Auroc(labels, scores, seed: 3));
    }

    [Fact]
    public void WeightedAuroc_UnitWeights_IsTheMannWhitneyAuroc()
    {
        // 4 positive-negative pairs; the positive scores higher in 3 of them (0.35 < 0.4): 3/4.
        int[] labels = [0, 0, 1, 1];
        double[] scores = [0.1, 0.4, 0.35, 0.8];
        var order = new[] { 0, 2, 1, 3 };

        Assert.Equal(0.75, Bootstrap.WeightedAuroc(labels, scores, order, [1, 1, 1, 1]));
        Assert.Equal(2.0 / 3, Bootstrap.WeightedAuroc(labels, scores, order, [1, 2, 1, 1])!.Value, 12);   // the 0.4 negative counted twice
    }

    [Fact]
    public void Merge_SmallBins_JoinsNeighboursUntilEachHasTheMinimum()
    {
        // Given: 10, 3, 4 and 20 rows
        CalibrationBin[] bins = [new(0.05, 0.1, 10), new(0.15, 0.0, 3), new(0.25, 0.5, 4), new(0.35, 0.3, 20)];

        // When
        var merged = CalibrationBins.Merge(bins, minimumCount: 15);

        // Then: 10+3+4 = 17 rows, count-weighted; then 20
        Assert.Equal(2, merged.Count);
        Assert.Equal(17, merged[0].Count);
        Assert.Equal((0.05 * 10 + 0.15 * 3 + 0.25 * 4) / 17, merged[0].MeanPredicted, 12);
        Assert.Equal((0.1 * 10 + 0.5 * 4) / 17, merged[0].ObservedRate, 12);
        Assert.Equal(new CalibrationBin(0.35, 0.3, 20), merged[1]);
    }

    [Fact]
    public void Merge_FewRowsLeftAtTheEnd_JoinTheLastBin()
    {
        CalibrationBin[] bins = [new(0.1, 0.1, 20), new(0.9, 1.0, 2)];

        var merged = CalibrationBins.Merge(bins, minimumCount: 15);

        Assert.Equal(22, Assert.Single(merged).Count);
    }
}
