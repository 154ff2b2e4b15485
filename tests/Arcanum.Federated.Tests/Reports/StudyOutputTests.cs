using System.Text.Json;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Reports;
using Arcanum.Federated.Simulation;
using Arcanum.Federated.Tests.Support;

namespace Arcanum.Federated.Tests.Reports;

public sealed class StudyOutputTests
{
    private static readonly Lazy<SimulationResult> Result = new(() =>
    {
        var job = new JobSpec { Rounds = 2 };
        return new FederatedSimulator(new PlainSoftmaxLearner()).Run(job, StudyBuilder.Load(job));
    });

    private static StudyReport Report => StudyReport.FromSimulation(Result.Value);

    [Fact]
    public void Write_CreatesEveryFileAndNoStagingFolder()
    {
        // Given
        var parent = Directory.CreateTempSubdirectory("arcanum-out-");
        var output = Path.Combine(parent.FullName, "run");

        // When
        StudyOutput.Write(Result.Value, output);

        // Then
        Assert.Equal(StudyOutput.Files.Order(), Directory.GetFiles(output).Select(Path.GetFileName).Order());
        Assert.Equal([output], Directory.GetDirectories(parent.FullName));
        parent.Delete(true);
    }

    [Fact]
    public void Write_ExistingNonEmptyFolder_RefusesWithoutOverwrite()
    {
        // Given
        var output = Directory.CreateTempSubdirectory("arcanum-out-").FullName;
        File.WriteAllText(Path.Combine(output, "notes.txt"), "keep");

        // When
        var e = Assert.Throws<IOException>(() => StudyOutput.Write(Result.Value, output));

        // Then
        Assert.Contains("--force", e.Message);
        Assert.True(File.Exists(Path.Combine(output, "notes.txt")));
        Directory.Delete(output, true);
    }

    [Fact]
    public void SummaryJson_HasTheDocumentedShape()
    {
        // When
        using var doc = JsonDocument.Parse(SummaryJson.ToJson(Report));
        var root = doc.RootElement;

        // Then
        foreach (var key in new[] { "algorithm", "rounds", "seed", "sites", "metric", "federated", "central", "local", "local_on_others_mean" })
            Assert.True(root.TryGetProperty(key, out _), key);
        Assert.Equal("simulation", root.GetProperty("mode").GetString());
        Assert.False(root.TryGetProperty("pooled", out _));
        Assert.True(root.GetProperty("federated").TryGetProperty("per_site", out var perSite));
        Assert.Equal(6, perSite.EnumerateObject().Count());
        var local = root.GetProperty("local").EnumerateObject().First().Value;
        Assert.True(local.TryGetProperty("own", out _));
        Assert.True(local.TryGetProperty("others", out _));
    }

    [Fact]
    public void RoundsCsv_HasARowPerRoundAndSitePlusPool()
    {
        // When
        var lines = RoundsCsv.Build(Report).TrimEnd('\n').Split('\n');

        // Then
        Assert.StartsWith("round,site,trained,evaluated,train_samples,train_loss,auroc", lines[0]);
        Assert.Equal(1 + 2 * 7, lines.Length);
    }

    [Fact]
    public void HtmlReport_IsSelfContained()
    {
        // When
        var html = HtmlReport.Build(Report);

        // Then
        Assert.Contains("<svg", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", ""));
        Assert.DoesNotContain("https://", html);
        Assert.Contains("unit=2", html);
    }

    [Fact]
    public void HtmlReport_Simulation_ShowsEveryBaselineAndNoNetworkNote()
    {
        // When
        var html = HtmlReport.Build(Report);

        // Then
        Assert.Contains("central (pooled)", html);
        Assert.Contains("local, others&#39; rows", html);
        Assert.DoesNotContain(HtmlReport.NoBaselinesExplanation, html);
        Assert.DoesNotContain("—", html);
    }
}
