using System.Text.Json;
using Arcanum.Core.Weights;
using Arcanum.Network.Tests.Support;

namespace Arcanum.Network.Tests;

/// <summary>
/// A segmentation job over the network: each hospital's site holds a folder of its own patients' images and masks,
/// and only weights and counts travel. Real processes on 127.0.0.1, every wait bounded.
/// </summary>
[Collection("processes")]
public sealed class SegmentationJobTests
{
    [Fact]
    public void A_segmentation_job_over_the_network_trains_the_simulators_model_and_pools_dice_exactly()
    {
        // Given three hospitals, each with its own image folder, and a fourth that takes no part
        using var f = new LocalFederation();
        var mri = f.Dir.Sub("mri");
        PhantomHospitals.Write(mri, seed: 1, LocalFederation.SiteNames);
        var other = f.Dir.Sub("other");
        PhantomHospitals.Write(other, seed: 2, "hospital-d");
        f.StartServer();
        foreach (var s in LocalFederation.SiteNames) f.StartSite(s, $"lgg={Path.Combine(mri, s)}");
        f.WaitForOnlineSites(3, TimeSpan.FromSeconds(60));

        // When a round of the job file the simulator reads runs on the network
        var oneRound = f.Dir.File("one-round.json", Job(rounds: 1));
        var results = Run(f, oneRound, "one-round");

        // Then it trains the simulator's model. (Over several rounds the two agree only as float sums do: the server adds
        // uploads as they arrive and a convolution's sums depend on the thread count, and training can magnify those last
        // bits; so the longer job below is compared by its figures.)
        var simulatedDir = f.Dir.Sub("simulated");
        var simulate = CliRun.Of("simulate", "--job", oneRound, "--data", mri, "--out", simulatedDir, "--parallel", "1");
        Assert.True(simulate.ExitCode == 0, simulate.Error + simulate.Output);
        var network = SafeTensors.Read(Path.Combine(results, "model.safetensors"));
        var simulated = SafeTensors.Read(Path.Combine(simulatedDir, "model.safetensors"));
        Assert.True(LocalFederation.MaxDifference(network, simulated) < 1e-5f, $"max difference {LocalFederation.MaxDifference(network, simulated)}");
        Assert.Contains("\"kind\": \"image\"", File.ReadAllText(Path.Combine(results, "encoding.json")));
        Assert.Equal(File.ReadAllText(Path.Combine(simulatedDir, "encoding.json")), File.ReadAllText(Path.Combine(results, "encoding.json")));

        // And a longer job segments held-out patients, scored per patient at each site and pooled by patients
        results = Run(f, f.Dir.File("five-rounds.json", Job(rounds: 5)), "five-rounds");
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(results, "summary.json")));
        Assert.Equal("network", summary.RootElement.GetProperty("mode").GetString());
        Assert.Equal("dice", summary.RootElement.GetProperty("metric").GetString());
        var federated = summary.RootElement.GetProperty("federated");
        var perSite = federated.GetProperty("per_site").EnumerateObject().ToList();
        Assert.Equal(LocalFederation.SiteNames, perSite.Select(p => p.Name));
        Assert.InRange(federated.GetProperty("dice").GetDouble(), 0.5, 1.0);
        var patients = perSite.Sum(p => p.Value.GetProperty("count").GetInt32());
        Assert.Equal(patients, federated.GetProperty("count").GetInt32());
        Assert.Equal(perSite.Sum(p => p.Value.GetProperty("dice").GetDouble() * p.Value.GetProperty("count").GetInt32()) / patients,
            federated.GetProperty("dice").GetDouble(), 5);
        Assert.Contains("Dice", File.ReadAllText(Path.Combine(results, "report.html")));

        // And a hospital that took no part scores the network's model with the run's stored preparation
        var evaluation = CliRun.Of("evaluate", "--run", results, "--data", other);
        Assert.True(evaluation.ExitCode == 0, evaluation.Error + evaluation.Output);
        Assert.Contains("hospital-d", evaluation.Output);
    }

    [Fact]
    public void A_segmentation_job_under_secure_aggregation_gives_the_simulators_model_and_its_dice()
    {
        // Given three hospitals' image folders
        using var f = new LocalFederation();
        var mri = f.Dir.Sub("mri");
        PhantomHospitals.Write(mri, seed: 4, LocalFederation.SiteNames);
        f.StartServer();
        foreach (var s in LocalFederation.SiteNames) f.StartSite(s, $"lgg={Path.Combine(mri, s)}");
        f.WaitForOnlineSites(3, TimeSpan.FromSeconds(60));

        // When a round runs with secure aggregation (the server sees only the masked sum of the updates)
        var jobFile = f.Dir.File("secure.json", Job(rounds: 1, more: """, "secure_aggregation": true"""));
        var results = Run(f, jobFile, "secure");

        // Then the model is the simulator's (up to the quantisation's stated bound), and the sites' Dice still pools
        var simulatedDir = f.Dir.Sub("simulated");
        var simulate = CliRun.Of("simulate", "--job", jobFile, "--data", mri, "--out", simulatedDir, "--parallel", "1");
        Assert.True(simulate.ExitCode == 0, simulate.Error + simulate.Output);
        var difference = LocalFederation.MaxDifference(SafeTensors.Read(Path.Combine(results, "model.safetensors")),
            SafeTensors.Read(Path.Combine(simulatedDir, "model.safetensors")));
        Assert.True(difference < 1e-5f, $"max difference {difference}");
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(results, "summary.json")));
        var federated = summary.RootElement.GetProperty("federated");
        Assert.Equal(3, federated.GetProperty("per_site").EnumerateObject().Count());
        Assert.True(federated.GetProperty("count").GetInt32() >= 3);
        Assert.InRange(federated.GetProperty("dice").GetDouble(), 0.0, 1.0);
    }

    private static string Job(int rounds, string more = "") => $$"""
        { "name": "lgg-unet", "data": "lgg", "task": "segmentation", "model": "unet", "image_size": 16, "hidden": [8, 16],
          "algorithm": "fedavg", "rounds": {{rounds}}, "local_epochs": 4, "batch_size": 6, "optimizer": "sgd", "momentum": 0.9, "lr": 0.1,
          "seed": 7, "min_sites": 3, "round_timeout_s": 120{{more}} }
        """;

    /// <summary>Submits a job file, waits for it and downloads its results; returns their folder.</summary>
    private static string Run(LocalFederation f, string jobFile, string name)
    {
        var job = f.Submit(jobFile);
        var wait = f.WaitForJob(job, TimeSpan.FromSeconds(240));
        Assert.True(wait.ExitCode == 0, wait.Output + wait.Error + f.Logs());
        var results = f.Dir.Sub(name);
        Assert.Equal(0, f.AdminRun("download", job, "--out", results).ExitCode);
        return results;
    }

    [Fact]
    public void A_site_whose_dataset_is_a_table_refuses_a_segmentation_job_and_says_why()
    {
        using var f = new LocalFederation();
        var mri = f.Dir.Sub("mri");
        PhantomHospitals.Write(mri, seed: 3, "hospital-a", "hospital-b");
        f.StartServer();
        f.StartSite("hospital-a", $"lgg={Path.Combine(mri, "hospital-a")}");
        f.StartSite("hospital-b", $"lgg={Path.Combine(mri, "hospital-b")}");
        f.StartSite("hospital-c", $"lgg={f.SiteCsv("hospital-c")}");   // a table under the same name
        f.WaitForOnlineSites(3, TimeSpan.FromSeconds(60));

        var jobFile = f.Dir.File("segmentation.json", """
            { "name": "lgg-unet", "data": "lgg", "task": "segmentation", "model": "unet", "image_size": 16, "hidden": [8, 16],
              "rounds": 1, "local_epochs": 1, "batch_size": 8, "seed": 7, "min_sites": 2, "round_timeout_s": 120 }
            """);
        var job = f.Submit(jobFile);
        var wait = f.WaitForJob(job, TimeSpan.FromSeconds(180));
        Assert.True(wait.ExitCode == 0, wait.Output + wait.Error + f.Logs());
        var status = f.AdminRun("status", job).Output;
        Assert.Contains("hospital-c refused", status);
        Assert.Contains("is a table", status);
    }

}
