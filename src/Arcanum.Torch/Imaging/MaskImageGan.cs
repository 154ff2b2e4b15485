using System.Diagnostics;
using Arcanum.Federated.Engine;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Simulation;

namespace Arcanum.Torch.Imaging;

/// <summary>
/// Trains a <see cref="MaskImageGenerator"/> the AsynDGAN way (Chang et al., CVPR 2020): the generator and its
/// optimiser live with the caller (the server); each <see cref="MaskImageSite"/> keeps its images and its own
/// PatchGAN discriminator. Per step the server draws a batch of each site's masks (masks are shared data in
/// AsynDGAN), generates images for them, and each site returns ∂loss/∂image (see DiscriminatorSite); the server
/// back-propagates the sites' gradients, weighted by their share of all images, through the generator. With one
/// site this is pix2pix. Only generated images and image-shaped gradients cross between server and sites,
/// 2 × batch × S² floats per site and step, which <see cref="GanEpoch.BytesMoved"/> counts.
/// </summary>
public static class MaskImageGan
{
    /// <summary>
    /// Trains a generator. An epoch is ⌈total images / (batch × sites)⌉ steps; each site walks its own shuffle (fresh
    /// each epoch, seeded by the seed, the site and the epoch) and starts over when it runs out, so a small site is
    /// revisited within an epoch while its gradient keeps its small weight. With <paramref name="checkpoint"/>, the
    /// generator, every discriminator and their optimisers are saved there after each epoch, and a run that finds a
    /// checkpoint of the same setup resumes after its last complete epoch, with the same result as an unbroken run.
    /// </summary>
    /// <exception cref="ArgumentException">No sites, sizes that do not fit, or invalid options.</exception>
    public static MaskImageGenerator Fit(IReadOnlyList<MaskImageSite> sites, int size, MaskGanOptions options, string device = "cpu",
        IProgress<GanEpoch>? progress = null, CancellationToken cancellationToken = default, string? checkpoint = null)
    {
        TorchRuntime.EnsureLoaded();
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Check(sites, size, options);
        var target = TorchRuntime.ResolveDevice(device);
        var halves = new List<DiscriminatorHalf>();
        GeneratorTrainer? trainer = null;
        try
        {
            trainer = new GeneratorTrainer(size, options, [.. sites.Select(s => new GanConditions(s.Name, s.Count, s.Conditions))], target);
            foreach (var s in sites) halves.Add(new DiscriminatorHalf(new DiscriminatorSite(s, size, options, SiteSeed(options.Seed, s.Name), target), options, size, s.Conditions, target));
            Train(trainer, halves, options, size, progress, cancellationToken, checkpoint is null ? null : new GanCheckpoint(checkpoint, sites, size, options));
            return trainer.TakeGenerator();
        }
        finally
        {
            trainer?.Dispose();
            foreach (var h in halves) h.Dispose();
        }
    }

    /// <summary>The seed of a site's discriminator: by its name, so it starts the same in one process and at the hospital.</summary>
    internal static int SiteSeed(int seed, string site) => Seeds.ForStage(seed, "asyndgan-site:" + site);

    /// <summary>The network job that <paramref name="options"/> stand for (the epochs are its rounds), which <see cref="GanWorkflow"/> runs.</summary>
    internal static JobSpec Job(MaskGanOptions options, int size) => new()
    {
        Task = JobSpec.ImageSynthesisTask,
        Rounds = options.Epochs,
        Seed = options.Seed,
        ImageSize = size,
        MinSites = 1,
        // In process a site is never lost: a step waits for it (a week stands for no deadline).
        RoundTimeoutS = 7 * 24 * 3600,
        Synthesis = new SynthesisJobOptions
        {
            GeneratorWidths = options.GeneratorWidths,
            DiscriminatorWidth = options.DiscriminatorWidth,
            DiscriminatorLayers = options.DiscriminatorLayers,
            BatchSize = options.BatchSize,
            LearningRate = options.LearningRate,
            Beta1 = options.Beta1,
            L1Weight = options.L1Weight,
        },
    };

    private static void Train(GeneratorTrainer trainer, List<DiscriminatorHalf> sites, MaskGanOptions options, int size,
        IProgress<GanEpoch>? progress, CancellationToken cancellationToken, GanCheckpoint? checkpoint)
    {
        var job = Job(options, size);
        var named = sites.Select(s => (s.Site.Name, (IGanSite)s)).ToList();
        var clock = Stopwatch.StartNew();
        long bytes = 0;
        var first = 0;
        var elapsedBefore = TimeSpan.Zero;
        if (checkpoint?.TryResume(trainer.Generator, trainer.Optimizer, [.. sites.Select(s => s.Site)]) is { } resumed)
        {
            (first, bytes, elapsedBefore) = (resumed.Epochs.Count, resumed.Epochs[^1].BytesMoved, resumed.Epochs[^1].Elapsed);
            foreach (var e in resumed.Epochs) progress?.Report(e);
        }
        for (var epoch = first + 1; epoch <= options.Epochs; epoch++)
        {
            // Simulated faults: a fresh draw per epoch, one per site and step, whether or not the site is asked.
            var faults = new Random(unchecked(options.Seed * 7_777 + epoch - 1));
            Func<int, string, bool>? skip = options.SiteDropout > 0 ? (_, _) => faults.NextDouble() < options.SiteDropout : null;
            var totals = InProcessGan.Epoch(job, trainer, named, epoch, skip, cancellationToken);
            bytes += totals.BytesMoved;
            var report = new GanEpoch(epoch, options.Epochs, totals.DiscriminatorLoss, totals.AdversarialLoss, totals.L1,
                elapsedBefore + clock.Elapsed, bytes, totals.MissedAnswers);
            checkpoint?.Save(trainer.Generator, trainer.Optimizer, [.. sites.Select(s => s.Site)], report);
            progress?.Report(report);
        }
        trainer.Generator.Network.eval();
    }

    /// <summary>pix2pix's schedule: constant for the first half of the epochs, then linear to zero.</summary>
    internal static double LearningRate(MaskGanOptions options, int epoch)
    {
        var constant = (options.Epochs + 1) / 2;
        if (epoch < constant) return options.LearningRate;
        var decay = options.Epochs - constant + 1;
        return options.LearningRate * (1 - (epoch - constant + 1) / (double)decay);
    }

    internal static void Check(IReadOnlyList<MaskImageSite> sites, int size, MaskGanOptions options)
    {
        if (sites.Count == 0) throw new ArgumentException("There are no sites with images to train on.", nameof(sites));
        if (size < 8) throw new ArgumentException($"The image size must be at least 8; got {size}.", nameof(size));
        // Two stride-1 4x4 convolutions follow the stride-2 layers, each 1 pixel smaller: 3 pixels are the least they need.
        if (size >> options.DiscriminatorLayers < 3)
            throw new ArgumentException($"A discriminator with {options.DiscriminatorLayers} stride-2 layers needs images of at least {3 << options.DiscriminatorLayers} pixels; got {size}. Use fewer discriminator layers or larger images.", nameof(size));
        var area = (long)size * size;
        foreach (var site in sites)
        {
            if (site.Count < 1) throw new ArgumentException($"Site '{site.Name}' has no images.", nameof(sites));
            if (site.Conditions.LongLength != site.Count * 2 * area)
                throw new ArgumentException($"Site '{site.Name}': expected {site.Count} condition maps of 2 x {size} x {size}; got {site.Conditions.LongLength} values.", nameof(sites));
            if (site.Images.LongLength != site.Count * area)
                throw new ArgumentException($"Site '{site.Name}': expected {site.Count} images of {size} x {size}; got {site.Images.LongLength} values.", nameof(sites));
            if (!site.Images.All(float.IsFinite)) throw new ArgumentException($"Site '{site.Name}' has non-finite pixel values.", nameof(sites));
        }
    }
}
