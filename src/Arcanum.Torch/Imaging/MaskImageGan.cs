using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

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
        var generator = MaskImageGenerator.Create(size, options.GeneratorWidths, options.Seed, target);
        var holders = new List<DiscriminatorSite>();
        try
        {
            for (var j = 0; j < sites.Count; j++) holders.Add(new DiscriminatorSite(sites[j], size, options, unchecked(options.Seed * 31 + 1 + j), target));
            Train(generator, holders, options, target, progress, cancellationToken, checkpoint is null ? null : new GanCheckpoint(checkpoint, sites, size, options));
            return generator;
        }
        catch
        {
            generator.Dispose();
            throw;
        }
        finally
        {
            foreach (var h in holders) h.Dispose();
        }
    }

    private static void Train(MaskImageGenerator generator, List<DiscriminatorSite> sites, MaskGanOptions options, Device device,
        IProgress<GanEpoch>? progress, CancellationToken cancellationToken, GanCheckpoint? checkpoint)
    {
        var total = sites.Sum(s => (long)s.Count);
        var weights = sites.Select(s => s.Count / (double)total).ToArray();
        var stepsPerEpoch = (int)Math.Max(1, (total + (long)options.BatchSize * sites.Count - 1) / ((long)options.BatchSize * sites.Count));
        // Adam that holds its Scalars (as does each site's): the GAN trains while other threads collect.
        using var optimizer = new RootedAdam(generator.Network.parameters(), options.LearningRate, options.Beta1, 0.999);
        var clock = Stopwatch.StartNew();
        long bytes = 0;
        var first = 0;
        var elapsedBefore = TimeSpan.Zero;
        if (checkpoint?.TryResume(generator, optimizer, sites) is { } resumed)
        {
            (first, bytes, elapsedBefore) = (resumed.Epochs.Count, resumed.Epochs[^1].BytesMoved, resumed.Epochs[^1].Elapsed);
            foreach (var e in resumed.Epochs) progress?.Report(e);
        }
        for (var epoch = first; epoch < options.Epochs; epoch++)
        {
            var rate = LearningRate(options, epoch);
            optimizer.Rate = rate;
            foreach (var site in sites) site.Optimizer.Rate = rate;

            var walkers = sites.Select((s, j) => new Walker(s.Count, unchecked(options.Seed * 1_000_003 + epoch * 7_919 + j))).ToArray();
            var faults = new Random(unchecked(options.Seed * 7_777 + epoch));
            double dSum = 0, advSum = 0, l1Sum = 0;
            var (terms, missed) = (0, 0);
            generator.Network.train();
            for (var step = 0; step < stepsPerEpoch; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // Every site's batch is drawn whether or not it answers, so a fault does not shift the others' batches.
                var batches = walkers.Select(w => w.Next(options.BatchSize)).ToArray();
                var present = Enumerable.Range(0, sites.Count).Where(_ => faults.NextDouble() >= options.SiteDropout).ToArray();
                missed += sites.Count - present.Length;
                if (present.Length == 0) continue;
                var share = present.Sum(j => weights[j]);
                using var scope = NewDisposeScope();
                Tensor? objective = null;
                foreach (var j in present)
                {
                    var indices = tensor(batches[j]).to(device);
                    var fake = generator.Forward(sites[j].SharedConditions.index_select(0, indices));
                    var (gradient, d, adv, l1) = sites[j].Step(indices, fake);
                    bytes += 2L * fake.numel() * sizeof(float);
                    var w = weights[j] / share;
                    using var weight = w.ToScalar();
                    // Σ_j w_j ⟨fake_j, g_j⟩ has gradient Σ_j w_j g_j with respect to the fakes: the sites' gradients flow into G.
                    var term = (fake * gradient).sum() * weight;
                    objective = objective is null ? term : objective.Plus(term);
                    dSum += d * w;
                    advSum += adv * w;
                    l1Sum += l1 * w;
                }
                optimizer.ZeroGrad();
                objective!.backward();
                optimizer.Step();
                terms++;
            }
            var report = new GanEpoch(epoch + 1, options.Epochs, dSum / Math.Max(1, terms), advSum / Math.Max(1, terms), l1Sum / Math.Max(1, terms),
                elapsedBefore + clock.Elapsed, bytes, missed);
            checkpoint?.Save(generator, optimizer, sites, report);
            progress?.Report(report);
        }
        generator.Network.eval();
    }

    /// <summary>pix2pix's schedule: constant for the first half of the epochs, then linear to zero.</summary>
    internal static double LearningRate(MaskGanOptions options, int epoch)
    {
        var constant = (options.Epochs + 1) / 2;
        if (epoch < constant) return options.LearningRate;
        var decay = options.Epochs - constant + 1;
        return options.LearningRate * (1 - (epoch - constant + 1) / (double)decay);
    }

    private static void Check(IReadOnlyList<MaskImageSite> sites, int size, MaskGanOptions options)
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

    /// <summary>A site's seeded walk through its images: a fresh shuffle each time it runs out.</summary>
    private sealed class Walker(int count, int seed)
    {
        private readonly Random _random = new(seed);
        private readonly long[] _order = Enumerable.Range(0, count).Select(i => (long)i).ToArray();
        private int _next = count;

        public long[] Next(int batch)
        {
            var take = Math.Min(batch, _order.Length);
            var result = new long[take];
            for (var i = 0; i < take; i++)
            {
                if (_next == _order.Length)
                {
                    _random.Shuffle(_order);
                    _next = 0;
                }
                result[i] = _order[_next++];
            }
            return result;
        }
    }
}
