using Arcanum.Core.Metrics;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Reports;
using Arcanum.Federated.Simulation;

namespace Arcanum.Federated.Tests.Reports;

/// <summary>A site that drops out: rounds.csv says what it did in each round, and the report says it too.</summary>
public sealed class ParticipationReportTests
{
    private static readonly ClassificationMetrics NotEvaluated = new(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, 0);

    /// <summary>3 rounds: C trains in round 2 but drops before evaluating, and is back to evaluate (not train) round 3.</summary>
    private static StudyReport WithDropout()
    {
        var m = SomeNetworkReport.Metrics(0.7, 10);
        var report = SomeNetworkReport.Build();
        return report with
        {
            Job = new JobSpec { Rounds = 3 },
            Rounds =
            [
                new RoundRecord(1, "A", true, 80, 0.6, m), new RoundRecord(1, "B", true, 40, 0.7, m), new RoundRecord(1, "C", true, 40, 0.8, m),
                new RoundRecord(1, StudyReport.PooledSiteName, true, 160, 0.7, m),
                new RoundRecord(2, "A", true, 80, 0.5, m), new RoundRecord(2, "B", true, 40, 0.6, m), new RoundRecord(2, "C", true, 40, 0.7, NotEvaluated),
                new RoundRecord(2, StudyReport.PooledSiteName, true, 160, 0.6, m),
                new RoundRecord(3, "A", true, 80, 0.4, m), new RoundRecord(3, "B", true, 40, 0.5, m), new RoundRecord(3, "C", false, 0, null, m),
                new RoundRecord(3, StudyReport.PooledSiteName, true, 120, 0.45, m),
            ],
        };
    }

    [Fact]
    public void RoundsCsv_SiteThatTrainedButDidNotEvaluate_SaysTrainedOneEvaluatedZeroAndNoMetrics()
    {
        // When
        var rows = RoundsCsv.Build(WithDropout()).TrimEnd('\n').Split('\n').Select(l => l.Split(',')).ToList();

        // Then
        Assert.Equal(["round", "site", "trained", "evaluated", "train_samples", "train_loss"], rows[0][..6]);
        var auroc = Array.IndexOf(rows[0], "auroc");
        var c2 = rows.Single(r => r[0] == "2" && r[1] == "C");
        Assert.Equal(("1", "0", ""), (c2[2], c2[3], c2[auroc]));
        var c3 = rows.Single(r => r[0] == "3" && r[1] == "C");
        Assert.Equal(("0", "1", "0.7"), (c3[2], c3[3], c3[auroc]));
    }

    [Fact]
    public void RoundsCsv_PooledRow_CountsTheSitesItIsOver()
    {
        var rows = RoundsCsv.Build(WithDropout()).TrimEnd('\n').Split('\n').Select(l => l.Split(',')).ToList();

        var pooled = rows.Where(r => r[1] == StudyReport.PooledSiteName).Select(r => (r[2], r[3])).ToList();

        Assert.Equal([("3", "3"), ("3", "2"), ("2", "3")], pooled);
    }

    [Fact]
    public void HtmlReport_Dropout_ListsTheMissedRoundsAndMarksThePooledLine()
    {
        // When
        var html = HtmlReport.Build(WithDropout());

        // Then
        Assert.Contains("<h2>Participation</h2>", html);
        Assert.Contains("<tr><td>C</td><td>3</td><td>2</td></tr>", html);
        Assert.Contains("round 2: A, B (without C)", html);
        Assert.Contains("class=\"site-change\"", html);
    }

    [Fact]
    public void HtmlReport_EverySiteEveryRound_SaysSoWithoutMarks()
    {
        var report = WithDropout();
        var full = report with { Rounds = [.. report.Rounds.Select(r => r with { Trained = true, Metrics = SomeNetworkReport.Metrics(0.7, 10) })] };

        var html = HtmlReport.Build(full);

        Assert.Contains("Every site trained in and evaluated every round (3).", html);
        Assert.DoesNotContain("site-change", html);
    }

    [Fact]
    public void SummaryJson_Dropout_ListsEachSitesMissedRounds()
    {
        var c = SummaryJson.Build(WithDropout())["sites"]!.AsArray().Single(s => (string?)s!["name"] == "C")!;

        Assert.Equal("[3]", c["rounds_not_trained"]!.ToJsonString());
        Assert.Equal("[2]", c["rounds_not_evaluated"]!.ToJsonString());
    }
}
