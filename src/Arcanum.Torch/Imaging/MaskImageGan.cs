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
    /// Trains from scratch. An epoch is ⌈total images / (batch × sites)⌉ steps; each site walks its own seeded
    /// shuffle and starts a new one when it runs out, so a small site is revisited more often within an epoch
    /// while its gradient keeps its small weight.
    /// </summary>
    /// <exception cref="ArgumentException">No sites, sizes that do not fit, or invalid options.</exception>
    public static MaskImageGenerator Fit(IReadOnlyList<MaskImageSite> sites, int size, MaskGanOptions options, string device = "cpu",
        IProgress<GanEpoch>? progress = null, CancellationToken cancellationToken = default)
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
            Train(generator, holders, size, options, target, progress, cancellationToken);
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

    private static void Train(MaskImageGenerator generator, List<DiscriminatorSite> sites, int size, MaskGanOptions options, Device device,
        IProgress<GanEpoch>? progress, CancellationToken cancellationToken)
    {
        var total = sites.Sum(s => (long)s.Count);
        var weights = sites.Select(s => s.Count / (double)total).ToArray();
        var random = new Random(options.Seed);
        var walkers = sites.Select(s => new Walker(s.Count, random.Next())).ToArray();
        var stepsPerEpoch = (int)Math.Max(1, (total + (long)options.BatchSize * sites.Count - 1) / ((long)options.BatchSize * sites.Count));
        using var optimizer = optim.Adam(generator.Network.parameters(), options.LearningRate, options.Beta1, 0.999);
        var clock = Stopwatch.StartNew();
        long bytes = 0;
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            var rate = LearningRate(options, epoch);
            foreach (var group in optimizer.ParamGroups) group.LearningRate = rate;
            foreach (var site in sites)
            foreach (var group in site.Optimizer.ParamGroups) group.LearningRate = rate;

            double dSum = 0, advSum = 0, l1Sum = 0;
            var terms = 0;
            generator.Network.train();
            for (var step = 0; step < stepsPerEpoch; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                Tensor? objective = null;
                for (var j = 0; j < sites.Count; j++)
                {
                    var indices = tensor(walkers[j].Next(options.BatchSize)).to(device);
                    var fake = generator.Forward(sites[j].SharedConditions.index_select(0, indices));
                    var (gradient, d, adv, l1) = sites[j].Step(indices, fake);
                    bytes += 2L * fake.numel() * sizeof(float);
                    // Σ_j w_j ⟨fake_j, g_j⟩ has gradient Σ_j w_j g_j with respect to the fakes: the sites' gradients flow into G.
                    var term = (fake * gradient).sum() * weights[j];
                    objective = objective is null ? term : objective + term;
                    dSum += d * weights[j];
                    advSum += adv * weights[j];
                    l1Sum += l1 * weights[j];
                }
                optimizer.zero_grad();
                objective!.backward();
                optimizer.step();
                terms++;
            }
            progress?.Report(new GanEpoch(epoch + 1, options.Epochs, dSum / terms, advSum / terms, l1Sum / terms, clock.Elapsed, bytes));
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
