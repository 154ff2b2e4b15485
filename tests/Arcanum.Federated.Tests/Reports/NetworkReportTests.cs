using System.Text.Json;
using Arcanum.Core.Metrics;
using Arcanum.Federated.Reports;

namespace Arcanum.Federated.Tests.Reports;

/// <summary>What a network study's outputs look like without baselines and with a site that missed a round.</summary>
public sealed class NetworkReportTests
{
    [Fact]
    public void SummaryJson_Network_OmitsBaselinesAndNamesModeAndPooled()
    {
        // Given
        var report = SomeNetworkReport.Build();

        // When
        using var doc = JsonDocument.Parse(SummaryJson.ToJson(report));
        var root = doc.RootElement;

        // Then
        Assert.Equal("network", root.GetProperty("mode").GetString());
        Assert.Equal(SomeNetworkReport.Pooled, root.GetProperty("pooled").GetString());
        foreach (var key in new[] { "central", "local", "local_on_others_mean" })
            Assert.False(root.TryGetProperty(key, out _), key);
        Assert.Equal(["A", "B", "C"], root.GetProperty("sites").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.Equal(100, root.GetProperty("sites")[0].GetProperty("rows").GetInt32());
        var federated = root.GetProperty("federated");
        Assert.Equal(0.78, federated.GetProperty("auroc").GetDouble());
        Assert.Equal(["A", "B"], federated.GetProperty("per_site").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void SummaryJson_NetworkWithHistogramRanking_StatesBasisAndBoundsRoundedUp()
    {
        // Given AUROC and AUPRC pooled from score histograms
        var report = SomeNetworkReport.Build() with { PooledRanking = new PooledRankingMetrics(0.78, 1.23456789012e-4, 0.6, 2.5e-3, 30) };

        // When
        using var doc = JsonDocument.Parse(SummaryJson.ToJson(report));
        var ranking = doc.RootElement.GetProperty("pooled_ranking");

        // Then bounds are rounded up at 9 decimals, so rounding never claims more than was proven
        Assert.Equal("score_histograms", ranking.GetProperty("basis").GetString());
        Assert.Equal(ScoreHistograms.DefaultBins, ranking.GetProperty("bins").GetInt32());
        Assert.Equal(1.23457e-4, ranking.GetProperty("auroc_bound").GetDouble(), 15);
        Assert.Equal(2.5e-3, ranking.GetProperty("auprc_bound").GetDouble(), 15);
    }

    [Fact]
    public void SummaryJson_NetworkWithoutHistogramRanking_SaysSiteMean()
    {
        // Given
        var report = SomeNetworkReport.Build();

        // When
        using var doc = JsonDocument.Parse(SummaryJson.ToJson(report));

        // Then
        var basis = Assert.Single(doc.RootElement.GetProperty("pooled_ranking").EnumerateObject());
        Assert.Equal("basis", basis.Name);
        Assert.Equal("site_mean", basis.Value.GetString());
    }

    [Fact]
    public void SummaryJson_SiteThatNeverToldItsRows_WritesNullCounts()
    {
        // Given
        var report = SomeNetworkReport.Build();
        report = report with { SiteNames = [.. report.SiteNames, "D"] };

        // When
        using var doc = JsonDocument.Parse(SummaryJson.ToJson(report));
        var d = doc.RootElement.GetProperty("sites")[3];

        // Then
        Assert.Equal("D", d.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, d.GetProperty("rows").ValueKind);
        Assert.Equal(JsonValueKind.Null, d.GetProperty("holdout_rows").ValueKind);
    }

    [Fact]
    public void HtmlReport_NoRowCounts_ShowsDashesAndNoTotals()
    {
        // Given
        var report = SomeNetworkReport.Build() with { RowCounts = null };

        // When
        var html = HtmlReport.Build(report);

        // Then
        Assert.Contains("pbc3: 3 sites. ", html);
        Assert.Contains("<tr><td>A</td><td>—</td><td>—</td><td>—</td><td>—</td><td>0.810</td></tr>", html);
    }

    [Fact]
    public void RoundsCsv_SiteMissingARound_HasNoRowForIt()
    {
        // When
        var lines = RoundsCsv.Build(SomeNetworkReport.Build()).TrimEnd('\n').Split('\n');

        // Then
        Assert.Equal(["round,site", "1,A", "1,B", "1,C", "1,(pooled)", "2,A", "2,B", "2,(pooled)"],
            lines.Select(l => string.Join(',', l.Split(',').Take(2))));
        Assert.Equal("2,A,1,1,80,0.5,0.81,0.6,0.7,0.65,0.5,0.2,0.05,20", lines[5]);
    }

    [Fact]
    public void HtmlReport_Network_LeavesOutBaselinesAndSaysWhy()
    {
        // When
        var html = HtmlReport.Build(SomeNetworkReport.Build());

        // Then
        Assert.Contains("cannot train the central or single-site baselines", html);
        Assert.Contains("<code>arcanum simulate</code>", html);
        Assert.DoesNotContain("central (pooled)", html);
        Assert.DoesNotContain("<th>central", html);
        Assert.DoesNotContain("local: ", html);
        Assert.DoesNotContain("<th>local", html);
        Assert.DoesNotContain("Calibration", html);
        Assert.Contains($"Federated AUROC 0.780 on all sites ({SomeNetworkReport.Pooled}).", html);
        Assert.Contains($"federated ({SomeNetworkReport.Pooled})", html);
    }

    [Fact]
    public void HtmlReport_SiteWithoutFinalMetrics_ShowsADashNotZero()
    {
        // When
        var html = HtmlReport.Build(SomeNetworkReport.Build());

        // Then
        Assert.Contains("<tr><td>C</td><td>40</td><td>10</td><td>7</td><td>3</td><td>—</td></tr>", html);
        Assert.Contains("<tr><td>A</td><td>80</td><td>20</td><td>15</td><td>5</td><td>0.810</td></tr>", html);
        Assert.Contains("A gap in a site&#39;s line is a round it did not report.", html);
    }

    [Fact]
    public void Write_Network_WritesTheSameFilesAsASimulationExceptEncoding()
    {
        // Given
        var parent = Directory.CreateTempSubdirectory("arcanum-net-");
        var output = Path.Combine(parent.FullName, "run");

        // When
        StudyOutput.Write(SomeNetworkReport.Build(), output);

        // Then
        Assert.Equal(StudyOutput.Files.Where(f => f != "encoding.json").Order(), Directory.GetFiles(output).Select(Path.GetFileName).Order());
        parent.Delete(true);
    }
}
