using System.Text.Json;

namespace Arcanum.Cli.Tests;

public sealed class SimulateSegmentationTests
{


    [Fact]
    public void Simulate_ImageFolder_SegmentsHeldOutPatientsAndAnotherHospitalScoresTheRun()
    {
        // Given three hospitals' images with masks, and a fourth hospital that takes no part
        using var dir = new TempDir();
        var data = dir.Sub("mri");
        PhantomHospitals.Write(data, seed: 1, "alpha", "beta", "gamma");
        var other = dir.Sub("other");
        PhantomHospitals.Write(other, seed: 2, "delta");
        var runDir = dir.Sub("run");

        // When a federated segmentation study runs, and its models are scored on the fourth hospital
        var run = CliRun.Of("simulate", "--data", data, "--task", "segmentation", "--image-size", "16", "--hidden", "8", "16",
            "--rounds", "4", "--local-epochs", "2", "--batch-size", "8", "--optimizer", "adam", "--lr", "0.01", "--out", runDir);
        var evaluation = CliRun.Of("evaluate", "--run", runDir, "--data", other);

        // Then the study scores whole held-out patients by Dice, per hospital, against both baselines
        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(runDir, "summary.json")));
        var root = summary.RootElement;
        Assert.Equal("dice", root.GetProperty("metric").GetString());
        Assert.Equal("unet", root.GetProperty("model").GetString());
        Assert.Equal(["alpha", "beta", "gamma"], root.GetProperty("federated").GetProperty("per_site").EnumerateObject().Select(p => p.Name));
        var federated = root.GetProperty("federated");
        Assert.InRange(federated.GetProperty("dice").GetDouble(), 0.5, 1.0);
        Assert.Equal(3, federated.GetProperty("count").GetInt32());   // one held-out patient per hospital
        Assert.True(root.GetProperty("central").TryGetProperty("hd95", out _));
        var encoding = File.ReadAllText(Path.Combine(runDir, "encoding.json"));
        Assert.Contains("\"kind\": \"image\"", encoding);
        Assert.True(File.Exists(Path.Combine(runDir, "baselines", "central.safetensors")));
        var report = File.ReadAllText(Path.Combine(runDir, "report.html"));
        Assert.Contains("Dice", report);
        Assert.Equal(6, report.Split("data:image/png;base64,").Length - 1);   // federated and central overlays for each hospital

        // And the fourth hospital's patients are segmented by every model, with the run's own preparation
        Assert.True(evaluation.ExitCode == 0, evaluation.Error + evaluation.Output);
        using var external = JsonDocument.Parse(File.ReadAllText(Path.Combine(runDir, "external-other", "evaluation.json")));
        var models = external.RootElement.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal(5, models.Count);   // federated, central and three hospitals' own
        Assert.Equal(4, models[0].GetProperty("pooled").GetProperty("count").GetInt32());
        Assert.InRange(models[0].GetProperty("pooled").GetProperty("dice").GetDouble(), 0.4, 1.0);
    }

    [Fact]
    public void Simulate_ImageWithoutItsMask_ExitsTwoNamingTheFileAndWritesNothing()
    {
        // Given a folder where one image lost its mask
        using var dir = new TempDir();
        var data = dir.Sub("mri");
        PhantomHospitals.Write(data, seed: 1, "alpha", "beta");
        var lost = Path.Combine(data, "beta", "beta-p2", "004_mask.png");
        File.Delete(lost);

        // When
        var run = CliRun.Of("simulate", "--data", data, "--task", "segmentation", "--image-size", "16", "--hidden", "8", "16", "--out", dir.Sub("run"));

        // Then
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("004_flair.png", run.Error);
        Assert.False(Directory.Exists(dir.Sub("run")));
    }

    [Fact]
    public void Simulate_ImageFolderWithoutTheTask_SaysToAskForSegmentation()
    {
        using var dir = new TempDir();
        var data = dir.Sub("mri");
        PhantomHospitals.Write(data, seed: 1, "alpha");

        var run = CliRun.Of("simulate", "--data", data, "--out", dir.Sub("run"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--task segmentation", run.Error);
    }
}
