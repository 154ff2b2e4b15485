using Arcanum.Federated.Jobs;
using Arcanum.Federated.Simulation;

namespace Arcanum.Torch.Imaging;

/// <summary>
/// AsynDGAN as a network job's model (<c>"task": "image_synthesis"</c>): the server's generator and each site's
/// discriminator over its own image folder, with the same code <c>arcanum images synth fit --training asyndgan</c> runs in
/// one process (<see cref="MaskImageGan"/>), so one job gives the same generator in both worlds. The finished generator
/// is written as <c>images synth fit</c> writes it, so <c>images synth sample --model</c> reads it.
/// </summary>
public sealed class GanJobModel(string device = "cpu") : IGanModel
{
    public string Task => JobSpec.ImageSynthesisTask;

    /// <summary>The training options a job stands for (its rounds are the epochs).</summary>
    public static MaskGanOptions Options(JobSpec job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var s = job.SynthesisOptions;
        return new MaskGanOptions
        {
            GeneratorWidths = s.GeneratorWidths,
            DiscriminatorWidth = s.DiscriminatorWidth,
            DiscriminatorLayers = s.DiscriminatorLayers,
            Epochs = job.Rounds,
            BatchSize = s.BatchSize,
            LearningRate = s.LearningRate,
            Beta1 = s.Beta1,
            L1Weight = s.L1Weight,
            Seed = job.Seed,
        };
    }

    /// <summary>The image side of a job (64 when it names none).</summary>
    public static int Size(JobSpec job) => job.ImageSize ?? SynthesisJobOptions.DefaultImageSize;

    public void Check(JobSpec job)
    {
        var options = Options(job);
        options.Validate();
        var size = Size(job);
        var step = 1 << (options.GeneratorWidths.Length - 1);
        if (size % step != 0)
            throw new ArgumentException($"image_size must be a multiple of {step} for a generator of {options.GeneratorWidths.Length} levels (synthesis.generator_widths); got {size}.");
        if (size >> options.DiscriminatorLayers < 3)
            throw new ArgumentException($"A discriminator with {options.DiscriminatorLayers} stride-2 layers (synthesis.discriminator_layers) needs images of at least {3 << options.DiscriminatorLayers} pixels; image_size is {size}.");
    }

    public IGanServer Begin(JobSpec job, IReadOnlyList<GanConditions> sites)
    {
        Check(job);
        TorchRuntime.EnsureLoaded();
        return new GeneratorTrainer(Size(job), Options(job), sites, TorchRuntime.ResolveDevice(device));
    }

    public IGanSite Open(JobSpec job, string path, string siteName)
    {
        Check(job);
        TorchRuntime.EnsureLoaded();
        var options = Options(job);
        var size = Size(job);
        var data = MaskImageData.Load(path, size, requireMasks: true, null, CancellationToken.None);
        var rows = data.WithBrain();
        if (rows.Length == 0)
            throw new ArgumentException($"No slice of '{path}' shows a brain (none has {MaskImageData.MinBrainShare:P0} of its pixels above the background); nothing to train the discriminator on.");
        var site = new MaskImageSite(siteName, data.Conditions(rows), data.Pixels(rows), rows.Length);
        MaskImageGan.Check([site], size, options);
        var target = TorchRuntime.ResolveDevice(device);
        return new DiscriminatorHalf(new DiscriminatorSite(site, size, options, MaskImageGan.SiteSeed(options.Seed, siteName), target), options, size, site.Conditions, target);
    }

    public void Save(JobSpec job, IGanServer trained, GanJobRecord record, string directory)
    {
        ArgumentNullException.ThrowIfNull(record);
        var generator = ((GeneratorTrainer)trained).Generator;
        generator.Network.eval();
        var card = new GeneratorCard(GeneratorCard.FormatName, Size(job), Options(job), job.Data, [.. record.Sites.Select(s => s.Site)], [], [],
            record.Sites.Sum(s => s.Count), record.Epochs, Math.Round(record.Elapsed.TotalSeconds, 1), device);
        generator.Save(directory);
        File.WriteAllText(Path.Combine(directory, GeneratorCard.FileName), card.ToJson());
    }
}
