using System.Globalization;
using System.Text.Json;
using Arcanum.Core.Weights;
using Arcanum.Network.Tests.Support;

namespace Arcanum.Network.Tests;

/// <summary>
/// AsynDGAN over the network (<c>"task": "image_synthesis"</c>): the generator at the server, a discriminator and the
/// images at each hospital; only condition maps, generated images and gradients travel. Real processes on 127.0.0.1,
/// every wait bounded.
/// </summary>
[Collection("processes")]
public sealed class ImageSynthesisJobTests
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(240);

    [Fact]
    public void An_asyndgan_job_over_the_network_trains_the_in_process_generator_and_images_synth_sample_reads_it()
    {
        // Given three hospitals, each with its own image folder with tumour masks
        using var f = new LocalFederation();
        var mri = f.Dir.Sub("mri");
        PhantomHospitals.Write(mri, seed: 5, LocalFederation.SiteNames);
        f.StartServer();
        foreach (var s in LocalFederation.SiteNames) f.StartSite(s, $"lgg={Path.Combine(mri, s)}");
        f.WaitForOnlineSites(3, TimeSpan.FromSeconds(60));

        // When an AsynDGAN job runs on the network
        var results = Run(f, f.Dir.File("gan.json", Job(rounds: 2, minSites: 3)), "network");

        // Then it is the generator the same AsynDGAN training gives in one process: it makes the same images. (Its weights
        // agree to 5e-6, except the biases of convolutions that a GroupNorm follows and the first layer's weights on the
        // brain channel, which is 1 everywhere in these phantoms: their true gradient is 0, so Adam turns float noise, which
        // differs between processes, into steps of ±lr; they do not change what the generator makes.)
        var inProcess = f.Dir.Sub("in-process");
        var fit = CliRun.Of("images", "synth", "fit", "--data", mri, "--out", inProcess, "--training", "asyndgan", "--holdout", "0", "--image-size", "16",
            "--epochs", "2", "--batch-size", "4", "--generator-widths", "8", "16", "--discriminator-layers", "2", "--seed", "7");
        Assert.True(fit.ExitCode == 0, fit.Error + fit.Output);
        var generated = f.Dir.Sub("generated");
        var generatedInProcess = f.Dir.Sub("generated-in-process");
        foreach (var (model, output) in new[] { (results, generated), (inProcess, generatedInProcess) })
        {
            var sample = CliRun.Of("images", "synth", "sample", "--model", model, "--masks", Path.Combine(mri, "hospital-a"), "--out", output);
            Assert.True(sample.ExitCode == 0, sample.Error + sample.Output);
        }
        var images = Directory.GetFiles(generated, "*.png", SearchOption.AllDirectories).Where(p => !p.EndsWith("_mask.png", StringComparison.Ordinal)).Order().ToList();
        Assert.Equal(24, images.Count);
        foreach (var image in images)
        {
            using var a = SixLabors.ImageSharp.Image.Load<SixLabors.ImageSharp.PixelFormats.L8>(image);
            using var b = SixLabors.ImageSharp.Image.Load<SixLabors.ImageSharp.PixelFormats.L8>(Path.Combine(generatedInProcess, Path.GetRelativePath(generated, image)));
            for (var y = 0; y < a.Height; y++)
            {
                for (var x = 0; x < a.Width; x++) Assert.InRange(a[x, y].PackedValue - b[x, y].PackedValue, -1, 1);
            }
        }

        // And images synth evaluate scores it with the sites' folders as its training data (the server has no patient list)
        // and another hospital's patients as held out
        var other = f.Dir.Sub("other");
        PhantomHospitals.Write(other, seed: 15, "hospital-d");
        var evaluate = CliRun.Of("images", "synth", "evaluate", "--model", results, "--data", mri, "--test", other, "--epochs", "1", "--threads", "2");
        Assert.True(evaluate.ExitCode == 0, evaluate.Error + evaluate.Output);
        using (var evaluation = JsonDocument.Parse(File.ReadAllText(Path.Combine(results, "evaluation", "evaluation.json"))))
        {
            Assert.Equal(12, evaluation.RootElement.GetProperty("training_patients").GetInt32());
            Assert.Equal(4, evaluation.RootElement.GetProperty("held_out_patients").GetInt32());
        }

        // And its card names the sites and their slice counts, and each epoch's losses and traffic, as the in-process card does
        using var card = JsonDocument.Parse(File.ReadAllText(Path.Combine(results, "model.json")));
        using var local = JsonDocument.Parse(File.ReadAllText(Path.Combine(inProcess, "model.json")));
        Assert.Equal(LocalFederation.SiteNames, card.RootElement.GetProperty("sites").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(local.RootElement.GetProperty("training_slices").GetInt32(), card.RootElement.GetProperty("training_slices").GetInt32());
        var epochs = card.RootElement.GetProperty("epochs").EnumerateArray().ToList();
        var localEpochs = local.RootElement.GetProperty("epochs").EnumerateArray().ToList();
        Assert.Equal(2, epochs.Count);
        for (var e = 0; e < 2; e++)
        {
            Assert.Equal(localEpochs[e].GetProperty("bytes_moved").GetInt64(), epochs[e].GetProperty("bytes_moved").GetInt64());
            Assert.Equal(localEpochs[e].GetProperty("l1").GetDouble(), epochs[e].GetProperty("l1").GetDouble(), 3);
            Assert.Equal(0, epochs[e].GetProperty("missed_answers").GetInt32());
        }
        var rows = File.ReadAllLines(Path.Combine(results, "rounds.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(2 * 4, rows.Count);
        Assert.All(rows.Where(r => r[1] != "(pooled)"), r => Assert.Equal("1", r[2]));
    }

    [Fact]
    public void A_site_killed_mid_training_is_skipped_and_the_others_finish_the_generator()
    {
        // Given three hospitals and a job that needs two per step
        using var f = new LocalFederation(heartbeatTimeoutSeconds: 2);
        var mri = f.Dir.Sub("mri");
        PhantomHospitals.Write(mri, seed: 6, LocalFederation.SiteNames);
        f.StartServer();
        var processes = LocalFederation.SiteNames.ToDictionary(s => s, s => f.StartSite(s, $"lgg={Path.Combine(mri, s)}"));
        f.WaitForOnlineSites(3, TimeSpan.FromSeconds(60));
        var job = f.Submit(f.Dir.File("gan.json", Job(rounds: 30, minSites: 2)));

        // When one is killed mid-training
        f.WaitForRounds(job, 2, JobTimeout);
        processes["hospital-c"].Kill();
        var killedAfter = f.RoundsDone(job);
        Assert.True(killedAfter <= 24, $"the job was at epoch {killedAfter} of 30 when the site was killed; too late to see it go on without it");

        // Then the others finish, every epoch after the kill is theirs alone, and the card counts the steps it missed
        var wait = f.WaitForJob(job, JobTimeout);
        Assert.True(wait.ExitCode == 0, wait.Output + wait.Error + f.Logs());
        var results = f.Dir.Sub("results");
        Assert.Equal(0, f.AdminRun("download", job, "--out", results).ExitCode);
        var trained = File.ReadAllLines(Path.Combine(results, "rounds.csv")).Skip(1).Select(l => l.Split(','))
            .Where(r => r[1] != "(pooled)" && r[2] == "1").ToLookup(r => int.Parse(r[0], CultureInfo.InvariantCulture), r => r[1]);
        Assert.Contains("hospital-c", trained[1]);
        Assert.All(Enumerable.Range(killedAfter + 2, 30 - killedAfter - 1), e => Assert.Equal(["hospital-a", "hospital-b"], trained[e].Order()));
        using var card = JsonDocument.Parse(File.ReadAllText(Path.Combine(results, "model.json")));
        var epochs = card.RootElement.GetProperty("epochs").EnumerateArray().ToList();
        Assert.Equal(30, epochs.Count);
        Assert.True(epochs[^1].GetProperty("missed_answers").GetInt32() > 0);
        Assert.All(epochs, e => Assert.True(double.IsFinite(e.GetProperty("l1").GetDouble())));
        Assert.Contains("hospital-c", f.AdminRun("status", job).Output);
    }

    [Fact]
    public void A_site_restarted_mid_training_resumes_its_discriminator_from_its_workspace_and_takes_part_again()
    {
        using var f = new LocalFederation(heartbeatTimeoutSeconds: 2);
        var mri = f.Dir.Sub("mri");
        PhantomHospitals.Write(mri, seed: 10, LocalFederation.SiteNames);
        f.StartServer();
        var processes = LocalFederation.SiteNames.ToDictionary(s => s, s => f.StartSite(s, $"lgg={Path.Combine(mri, s)}"));
        f.WaitForOnlineSites(3, TimeSpan.FromSeconds(60));
        var job = f.Submit(f.Dir.File("gan.json", Job(rounds: 30, minSites: 2)));

        // When a site is killed after a few epochs and started again
        f.WaitForRounds(job, 3, JobTimeout);
        processes["hospital-c"].Kill();
        var killedAfter = f.RoundsDone(job);
        Assert.True(killedAfter <= 20, $"the job was at epoch {killedAfter} of 30 when the site was killed; too late to see it come back");
        var restarted = f.StartSite("hospital-c", $"lgg={Path.Combine(mri, "hospital-c")}");

        // Then it carries on with the discriminator its workspace kept, and trains in the last epochs again
        var wait = f.WaitForJob(job, JobTimeout);
        Assert.True(wait.ExitCode == 0, wait.Output + wait.Error + f.Logs());
        var resumed = System.Text.RegularExpressions.Regex.Match(restarted.Output, "its discriminator carries on from the end of epoch ([0-9]+)");
        Assert.True(resumed.Success, restarted.Output);
        // It kept the discriminator of an epoch it had trained in before the kill (at least the second: it joined in the first).
        Assert.InRange(int.Parse(resumed.Groups[1].Value, CultureInfo.InvariantCulture), 2, killedAfter + 1);
        var results = f.Dir.Sub("results");
        Assert.Equal(0, f.AdminRun("download", job, "--out", results).ExitCode);
        var trained = File.ReadAllLines(Path.Combine(results, "rounds.csv")).Skip(1).Select(l => l.Split(','))
            .Where(r => r[1] == "hospital-c" && r[2] == "1").Select(r => int.Parse(r[0], CultureInfo.InvariantCulture)).ToList();
        Assert.Contains(30, trained);
    }

    [Fact]
    public void A_server_killed_mid_asyndgan_job_resumes_from_its_generator_checkpoint()
    {
        using var f = new LocalFederation();
        var mri = f.Dir.Sub("mri");
        PhantomHospitals.Write(mri, seed: 8, LocalFederation.SiteNames);
        var server = f.StartServer();
        foreach (var s in LocalFederation.SiteNames) f.StartSite(s, $"lgg={Path.Combine(mri, s)}");
        f.WaitForOnlineSites(3, TimeSpan.FromSeconds(60));
        var job = f.Submit(f.Dir.File("gan.json", Job(rounds: 20, minSites: 3)));
        f.WaitForRounds(job, 2, JobTimeout);
        server.Kill();

        f.StartServer();
        var wait = f.WaitForJob(job, JobTimeout);
        Assert.True(wait.ExitCode == 0, wait.Output + wait.Error + f.Logs());
        Assert.Contains("resumed from the checkpoint of epoch", f.AdminRun("status", job).Output);
        var results = f.Dir.Sub("results");
        Assert.Equal(0, f.AdminRun("download", job, "--out", results).ExitCode);
        using var card = JsonDocument.Parse(File.ReadAllText(Path.Combine(results, "model.json")));
        var epochs = card.RootElement.GetProperty("epochs").EnumerateArray().Select(e => e.GetProperty("epoch").GetInt32()).ToList();
        Assert.Equal(Enumerable.Range(1, 20), epochs);   // no epoch lost or counted twice
    }

    [Fact]
    public void A_table_site_refuses_an_asyndgan_job_and_the_image_sites_train_without_it()
    {
        using var f = new LocalFederation();
        var mri = f.Dir.Sub("mri");
        PhantomHospitals.Write(mri, seed: 9, "hospital-a", "hospital-b");
        f.StartServer();
        f.StartSite("hospital-a", $"lgg={Path.Combine(mri, "hospital-a")}");
        f.StartSite("hospital-b", $"lgg={Path.Combine(mri, "hospital-b")}");
        f.StartSite("hospital-c", $"lgg={f.SiteCsv("hospital-c")}");
        f.WaitForOnlineSites(3, TimeSpan.FromSeconds(60));

        var results = Run(f, f.Dir.File("gan.json", Job(rounds: 1, minSites: 2)), "results", out var job);
        Assert.Contains("hospital-c refused", f.AdminRun("status", job).Output);
        using var card = JsonDocument.Parse(File.ReadAllText(Path.Combine(results, "model.json")));
        Assert.Equal(["hospital-a", "hospital-b"], card.RootElement.GetProperty("sites").EnumerateArray().Select(s => s.GetString()));
    }

    private static string Job(int rounds, int minSites) => $$"""
        { "name": "lgg-asyndgan", "data": "lgg", "task": "image_synthesis", "image_size": 16, "rounds": {{rounds}}, "seed": 7, "min_sites": {{minSites}},
          "round_timeout_s": 60, "synthesis": { "generator_widths": [8, 16], "discriminator_layers": 2, "batch_size": 4 } }
        """;

    private static string Run(LocalFederation f, string jobFile, string name) => Run(f, jobFile, name, out _);

    /// <summary>Submits a job file, waits for it and downloads its results; returns their folder.</summary>
    private static string Run(LocalFederation f, string jobFile, string name, out string job)
    {
        job = f.Submit(jobFile);
        var wait = f.WaitForJob(job, JobTimeout);
        Assert.True(wait.ExitCode == 0, wait.Output + wait.Error + f.Logs());
        var results = f.Dir.Sub(name);
        Assert.Equal(0, f.AdminRun("download", job, "--out", results).ExitCode);
        return results;
    }
}
