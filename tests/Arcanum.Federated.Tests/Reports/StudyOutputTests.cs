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
        using var doc = JsonDocument.Parse(SummaryJson.ToJson(Result.Value));
        var root = doc.RootElement;

        // Then
        foreach (var key in new[] { "algorithm", "rounds", "seed", "sites", "metric", "federated", "central", "local" })
            Assert.True(root.TryGetProperty(key, out _), key);
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
        var lines = RoundsCsv.Build(Result.Value).TrimEnd('\n').Split('\n');

        // Then
        Assert.StartsWith("round,site,participated,train_samples,train_loss,auroc", lines[0]);
        Assert.Equal(1 + 2 * 7, lines.Length);
    }

    [Fact]
    public void HtmlReport_IsSelfContained()
    {
        // When
        var html = HtmlReport.Build(Result.Value);

        // Then
        Assert.Contains("<svg", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", ""));
        Assert.DoesNotContain("https://", html);
        Assert.Contains("unit=2", html);
    }
}
