using System.Text.Json;
using Arcanum.Data.Images;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace Arcanum.Cli.Tests;

public sealed class ImagesCommandTests
{
    private const int Size = 16;

    /// <summary>
    /// Hospitals of 4 patients x 6 slices, 16x16: a grey disc "brain" on black, with a bright square "tumour" inside
    /// it in two slices of three (its mask beside it); each hospital's brains are a little brighter. With
    /// <paramref name="masks"/> off, no masks and no tumours (healthy slices).
    /// </summary>
    private static void WriteHospitals(string root, int seed, bool masks, params string[] hospitals)
    {
        var random = new Random(seed);
        var encoder = new PngEncoder { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit8 };
        foreach (var (hospital, h) in hospitals.Select((x, i) => (x, i)))
        {
            for (var p = 0; p < 4; p++)
            {
                var folder = Path.Combine(root, hospital, $"{hospital}-p{p}");
                Directory.CreateDirectory(folder);
                for (var s = 0; s < 6; s++)
                {
                    var tumour = masks && s % 3 != 0;
                    var radius = random.Next(5, 8);
                    var (top, left, side) = (random.Next(5, 8), random.Next(5, 8), random.Next(2, 4));
                    using var image = new Image<L8>(Size, Size);
                    using var mask = new Image<L8>(Size, Size);
                    for (var y = 0; y < Size; y++)
                    {
                        for (var x = 0; x < Size; x++)
                        {
                            var brain = (x - 7.5) * (x - 7.5) + (y - 7.5) * (y - 7.5) <= radius * radius;
                            var inside = tumour && y >= top && y < top + side && x >= left && x < left + side;
                            var value = inside ? 230 : brain ? random.Next(90, 120) + 10 * h : random.Next(0, 4);
                            image[x, y] = new L8((byte)value);
                            mask[x, y] = new L8(inside ? (byte)255 : (byte)0);
                        }
                    }
                    image.Save(Path.Combine(folder, $"{s:000}_flair.png"), encoder);
                    if (masks) mask.Save(Path.Combine(folder, $"{s:000}_mask.png"), encoder);
                }
            }
        }
    }

    private static string[] TinyFit(string data, string output, int epochs = 3, params string[] more) =>
        ["images", "synth", "fit", "--data", data, "--out", output, "--image-size", "16", "--generator-widths", "8", "16",
            "--discriminator-layers", "2", "--epochs", epochs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--batch-size", "8", "--holdout", "0.25", "--threads", "2", .. more];

    [Fact]
    public void FitSampleEvaluate_PhantomHospitals_WritesAGeneratorImagesPerMaskAndAnEvaluation()
    {
        // Given two hospitals' slices with tumour masks, and a third that takes no part
        using var dir = new TempDir();
        var data = dir.Sub("mri");
        WriteHospitals(data, seed: 1, masks: true, "alpha", "beta");
        var other = dir.Sub("other");
        WriteHospitals(other, seed: 2, masks: true, "gamma");
        var gen = dir.Sub("gen");

        // When a generator is fitted, samples the third hospital's masks with the tumours scaled, and is evaluated
        var fit = CliRun.Of(TinyFit(data, gen));
        var synthetic = dir.Sub("synthetic");
        var sample = CliRun.Of("images", "synth", "sample", "--model", gen, "--masks", other, "--out", synthetic, "--scale-tumour", "1.5", "--move-tumour", "1,0");
        var evaluate = CliRun.Of("images", "synth", "evaluate", "--model", gen, "--data", data, "--test", other, "--epochs", "1", "--threads", "2");

        // Then the generator folder says which patients trained it, and which were held out
        Assert.True(fit.ExitCode == 0, fit.Error + fit.Output);
        Assert.True(File.Exists(Path.Combine(gen, "generator.safetensors")));
        using var card = JsonDocument.Parse(File.ReadAllText(Path.Combine(gen, "model.json")));
        var trained = card.RootElement.GetProperty("training_patients").EnumerateArray().Select(e => e.GetString()).ToHashSet();
        var held = card.RootElement.GetProperty("held_out_patients").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(8, trained.Count + held.Count);
        Assert.NotEmpty(held);
        Assert.DoesNotContain(held, trained.Contains);
        Assert.Equal(3, card.RootElement.GetProperty("epochs").GetArrayLength());
        Assert.False(Directory.Exists(Path.Combine(dir.Path, ".gen.checkpoint")), "the per-epoch checkpoint outlived the saved generator");

        // And every slice of the other hospital got an image with its (scaled, moved) tumour mask as annotation
        Assert.True(sample.ExitCode == 0, sample.Error + sample.Output);
        var records = ImageFolder.Scan(synthetic);
        Assert.Equal(24, records.Count);
        Assert.Equal(["gamma"], records.Select(r => r.Site).Distinct());
        var loaded = ImageFolder.Load(records, Size);
        Assert.True(loaded.Masks!.Count(m => m == 1) > 0, "the annotations lost every tumour");

        // And the evaluation scored every part on held-out and external patients
        Assert.True(evaluate.ExitCode == 0, evaluate.Error + evaluate.Output);
        var evaluation = Path.Combine(gen, "evaluation");
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(evaluation, "evaluation.json")));
        var root = json.RootElement;
        Assert.Equal(held.Count + 4, root.GetProperty("held_out_patients").GetInt32());
        Assert.Equal(["real", "synthetic", "real + synthetic"], root.GetProperty("utility").EnumerateArray().Select(u => u.GetProperty("trained_on").GetString()));
        Assert.InRange(root.GetProperty("realism").GetProperty("classifier_auroc").GetDouble(), 0, 1);
        Assert.True(root.GetProperty("realism").GetProperty("frechet_distance").GetDouble() >= 0);
        Assert.InRange(root.GetProperty("memorisation").GetProperty("closer_to_training_share").GetDouble(), 0, 1);
        Assert.True(root.GetProperty("fidelity").GetProperty("mask_area_ratio").GetDouble() > 1.2, "scaled masks should be larger");
        var report = File.ReadAllText(Path.Combine(evaluation, "report.html"));
        Assert.Contains("Mask fidelity", report);
        Assert.True(report.Split("data:image/png;base64,").Length - 1 >= 4, "the report shows no example grid");
    }

    [Fact]
    public void Sample_AddTumourToHealthySlices_PlacesATumourInsideEveryBrain()
    {
        // Given a generator, tumour masks, and healthy slices without masks
        using var dir = new TempDir();
        var data = dir.Sub("mri");
        WriteHospitals(data, seed: 3, masks: true, "alpha");
        var healthy = dir.Sub("healthy");
        WriteHospitals(healthy, seed: 4, masks: false, "delta");
        var gen = dir.Sub("gen");
        Assert.Equal(0, CliRun.Of(TinyFit(data, gen, epochs: 1)).ExitCode);

        // When each healthy slice gets a tumour
        var output = dir.Sub("with-tumours");
        var run = CliRun.Of("images", "synth", "sample", "--model", gen, "--masks", data, "--add-tumour-to", healthy, "--out", output, "--seed", "7");

        // Then there is one image per healthy slice, each annotated with a tumour inside its brain
        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        var loaded = ImageFolder.Load(ImageFolder.Scan(output), Size);
        Assert.Equal(24, loaded.Count);
        var area = Size * Size;
        var healthyLoaded = ImageFolder.Load(ImageFolder.Scan(healthy, new ImageFolderOptions { RequireMasks = false }), Size);
        var brains = BrainOutline.ForAll(healthyLoaded);
        for (var i = 0; i < loaded.Count; i++)
        {
            var mask = loaded.Masks!.AsSpan(i * area, area);
            Assert.True(mask.Contains((byte)1), $"slice {i} got no tumour");
            for (var p = 0; p < area; p++) Assert.False(mask[p] == 1 && brains[i * area + p] == 0, $"slice {i}: tumour outside the brain");
        }
    }

    [Fact]
    public void Fit_AsynDgan_TrainsOneDiscriminatorPerHospital()
    {
        using var dir = new TempDir();
        var data = dir.Sub("mri");
        WriteHospitals(data, seed: 5, masks: true, "alpha", "beta");
        var gen = dir.Sub("gen");

        var run = CliRun.Of(TinyFit(data, gen, 1, "--training", "asyndgan"));
        var evaluate = CliRun.Of("images", "synth", "evaluate", "--model", gen, "--data", data, "--epochs", "1", "--threads", "2");

        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        using var card = JsonDocument.Parse(File.ReadAllText(Path.Combine(gen, "model.json")));
        Assert.Equal(["alpha", "beta"], card.RootElement.GetProperty("sites").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("AsynDGAN", run.Output);

        // The evaluation adds each hospital's own model and compares the traffic with FedAvg's
        Assert.True(evaluate.ExitCode == 0, evaluate.Error + evaluate.Output);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(gen, "evaluation", "evaluation.json")));
        Assert.Equal(["real", "synthetic", "real + synthetic", "real, alpha only", "real, beta only"],
            json.RootElement.GetProperty("utility").EnumerateArray().Select(u => u.GetProperty("trained_on").GetString()));
        var traffic = json.RootElement.GetProperty("traffic");
        Assert.Equal(2, traffic.GetProperty("sites").GetInt32());
        // One epoch, batch 8, 2 sites: ceil(training slices / 16) steps, each 8 images + 8 gradients of 16x16 floats per site
        var slices = card.RootElement.GetProperty("training_slices").GetInt32();
        Assert.Equal((slices + 15) / 16 * 2 * 2 * 8 * 16 * 16 * 4, traffic.GetProperty("generator_bytes_per_epoch").GetDouble());
    }

    [Fact]
    public void Commands_BadInput_ExitTwoWithTheReasonAndWriteNothing()
    {
        using var dir = new TempDir();
        var empty = dir.Sub("empty");
        Directory.CreateDirectory(empty);
        var gen = dir.Sub("gen");

        // A folder without images
        var noImages = CliRun.Of(TinyFit(empty, gen));
        Assert.Equal(2, noImages.ExitCode);
        Assert.StartsWith("error:", noImages.Error);
        Assert.False(Directory.Exists(gen));

        // A model folder that holds no generator
        var noModel = CliRun.Of("images", "synth", "sample", "--model", empty, "--masks", empty, "--out", dir.Sub("out"));
        Assert.Equal(2, noModel.ExitCode);
        Assert.Contains("is it the output of 'arcanum images synth fit'", noModel.Error);

        // An offset that is not dx,dy
        var data = dir.Sub("mri");
        WriteHospitals(data, seed: 6, masks: true, "alpha");
        var badMove = CliRun.Of("images", "synth", "sample", "--model", empty, "--masks", data, "--out", dir.Sub("out"), "--move-tumour", "left");
        Assert.Equal(2, badMove.ExitCode);
        Assert.Contains("'left' is not 'dx,dy'", badMove.Error);

        // An output folder that is not empty is not overwritten without --force
        var occupied = dir.Sub("occupied");
        Directory.CreateDirectory(occupied);
        File.WriteAllText(Path.Combine(occupied, "notes.txt"), "mine");
        var refused = CliRun.Of(TinyFit(data, occupied));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--force", refused.Error);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(occupied, "notes.txt")));

        // Evaluating on data the generator never trained on
        Assert.Equal(0, CliRun.Of(TinyFit(data, gen, epochs: 1)).ExitCode);
        var other = dir.Sub("other");
        WriteHospitals(other, seed: 7, masks: true, "beta");
        var wrongData = CliRun.Of("images", "synth", "evaluate", "--model", gen, "--data", other, "--epochs", "1");
        Assert.Equal(2, wrongData.ExitCode);
        Assert.Contains("--test", wrongData.Error);
    }
}
