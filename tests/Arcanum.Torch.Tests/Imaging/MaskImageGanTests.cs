using Arcanum.Federated.Simulation;
using Arcanum.Torch.Imaging;
using Arcanum.Torch.Tests.Support;
using TorchSharp;

namespace Arcanum.Torch.Tests.Imaging;

public sealed class MaskImageGanTests
{
    internal const int Size = 16;

    /// <summary>Tiny options: 16x16 images, a 2-level generator, a one-layer discriminator.</summary>
    internal static MaskGanOptions Tiny(int epochs = 3, int seed = 5) => new()
    {
        GeneratorWidths = [8, 16],
        DiscriminatorWidth = 8,
        DiscriminatorLayers = 1,
        Epochs = epochs,
        BatchSize = 8,
        LearningRate = 2e-3,
        Seed = seed,
    };

    /// <summary>
    /// A disc "brain" (radius 5..7) at intensity 0.4 with a square "tumour" (side 2..4) at 0.9 inside it, and the
    /// matching condition maps; the image is a fixed function of the map, so a generator can learn it exactly.
    /// </summary>
    internal static MaskImageSite Phantoms(string name, int count, int seed)
    {
        var random = new Random(seed);
        var area = Size * Size;
        var conditions = new float[count * 2 * area];
        var images = new float[count * area];
        for (var i = 0; i < count; i++)
        {
            var r = random.Next(5, 8);
            var side = random.Next(2, 5);
            var (tx, ty) = (random.Next(6, 10 - side + 1), random.Next(6, 10 - side + 1));
            for (var y = 0; y < Size; y++)
            for (var x = 0; x < Size; x++)
            {
                var p = y * Size + x;
                var brain = (x - 7.5) * (x - 7.5) + (y - 7.5) * (y - 7.5) <= r * r;
                var tumour = x >= tx && x < tx + side && y >= ty && y < ty + side;
                conditions[i * 2 * area + p] = brain || tumour ? 1 : 0;
                conditions[i * 2 * area + area + p] = tumour ? 1 : 0;
                images[i * area + p] = tumour ? 0.9f : brain ? 0.4f : 0f;
            }
        }
        return new MaskImageSite(name, conditions, images, count);
    }

    private static double MeanAbsoluteError(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Average();

    [Fact]
    public void Fit_PhantomsWithAFixedMapping_GeneratesImagesCloseToTheRealOnes()
    {
        // Given phantoms whose image is a function of the condition map
        var site = Phantoms("all", 48, seed: 1);
        using var untrained = MaskImageGan.Fit([site], Size, Tiny(epochs: 1) with { LearningRate = 1e-9 });
        var epochs = new List<GanEpoch>();

        // When a generator is fitted
        using var generator = MaskImageGan.Fit([site], Size, Tiny(epochs: 40), progress: new SyncProgress<GanEpoch>(epochs.Add));

        // Then its images are far closer to the real ones than an untrained generator's, and the reported L1 fell
        var before = MeanAbsoluteError(untrained.Generate(site.Conditions, site.Count), site.Images);
        var after = MeanAbsoluteError(generator.Generate(site.Conditions, site.Count), site.Images);
        Assert.True(after < 0.1, $"mean absolute error {after:F3} after training (untrained {before:F3})");
        Assert.True(after < before / 3, $"mean absolute error {after:F3} vs untrained {before:F3}");
        Assert.Equal(40, epochs.Count);
        Assert.True(epochs[^1].L1 < epochs[0].L1 / 2, $"L1 {epochs[0].L1:F3} -> {epochs[^1].L1:F3}");
    }

    [Fact]
    public void Fit_TwoSites_CountsOnlyGeneratedImagesAndGradientsAsTraffic()
    {
        // Given two sites of 24 and 8 images, batch 8: an epoch is ceil(32 / 16) = 2 steps of 8 images per site
        var sites = new[] { Phantoms("a", 24, seed: 2), Phantoms("b", 8, seed: 3) };
        var epochs = new List<GanEpoch>();

        // When
        using var generator = MaskImageGan.Fit(sites, Size, Tiny(epochs: 2), progress: new SyncProgress<GanEpoch>(epochs.Add));

        // Then each step moved one batch of generated images and one of gradients per site (float32)
        const long perStep = 2L * 2 * 8 * Size * Size * sizeof(float);
        Assert.Equal([2 * perStep, 4 * perStep], epochs.Select(e => e.BytesMoved));
    }

    [Fact]
    public void Fit_SameSeed_GivesTheSameGenerator()
    {
        var sites = new[] { Phantoms("a", 16, seed: 2), Phantoms("b", 16, seed: 3) };
        using var first = MaskImageGan.Fit(sites, Size, Tiny());
        using var second = MaskImageGan.Fit(sites, Size, Tiny());
        using var other = MaskImageGan.Fit(sites, Size, Tiny(seed: 6));

        var images = first.Generate(sites[0].Conditions, 16);
        Assert.Equal(images, second.Generate(sites[0].Conditions, 16));
        Assert.NotEqual(images, other.Generate(sites[0].Conditions, 16));
    }

    [Fact]
    public void Fit_InterruptedAndRerunWithItsCheckpoint_EndsWithTheUnbrokenRunsGenerator()
    {
        // Given two sites, and a run of 4 epochs that is cancelled after its second
        var sites = new[] { Phantoms("a", 16, seed: 2), Phantoms("b", 8, seed: 3) };
        var options = Tiny(epochs: 4);
        var folder = Path.Combine(Path.GetTempPath(), "arcanum-ckpt-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var cancel = new CancellationTokenSource();
            var first = new List<GanEpoch>();
            Assert.ThrowsAny<OperationCanceledException>(() => MaskImageGan.Fit(sites, Size, options,
                progress: new SyncProgress<GanEpoch>(e => { first.Add(e); if (e.Epoch == 2) cancel.Cancel(); }), cancellationToken: cancel.Token, checkpoint: folder));

            // When the same training is run again with the checkpoint
            var resumed = new List<GanEpoch>();
            using var generator = MaskImageGan.Fit(sites, Size, options, progress: new SyncProgress<GanEpoch>(resumed.Add), checkpoint: folder);
            using var unbroken = MaskImageGan.Fit(sites, Size, options);

            // Then it carried on from epoch 3 and made exactly the generator an unbroken run makes
            Assert.Equal([1, 2], first.Select(e => e.Epoch));
            Assert.Equal([1, 2, 3, 4], resumed.Select(e => e.Epoch));
            Assert.Equal(first[1].BytesMoved, resumed[1].BytesMoved);
            Assert.Equal(unbroken.Generate(sites[0].Conditions, 16), generator.Generate(sites[0].Conditions, 16));

            // And a checkpoint of another setup is refused rather than mixed in
            var error = Assert.Throws<ArgumentException>(() => MaskImageGan.Fit(sites, Size, options with { BatchSize = 4 }, checkpoint: folder));
            Assert.Contains("another training setup", error.Message);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Fit_SitesThatDropOut_AreSkippedForThatStepAndCounted()
    {
        var sites = new[] { Phantoms("a", 16, seed: 2), Phantoms("b", 16, seed: 3) };
        var all = new List<GanEpoch>();
        var faulty = new List<GanEpoch>();
        using var a = MaskImageGan.Fit(sites, Size, Tiny(epochs: 3), progress: new SyncProgress<GanEpoch>(all.Add));
        using var b = MaskImageGan.Fit(sites, Size, Tiny(epochs: 3) with { SiteDropout = 0.5 }, progress: new SyncProgress<GanEpoch>(faulty.Add));

        // 3 epochs of 2 steps with 2 sites: 12 site steps; about half are missed, and they move nothing
        var missed = faulty.Sum(e => e.MissedAnswers);
        Assert.InRange(missed, 1, 11);
        Assert.All(all, e => Assert.Equal(0, e.MissedAnswers));
        const long perSiteStep = 2L * 8 * Size * Size * sizeof(float);
        Assert.Equal(all[^1].BytesMoved - missed * perSiteStep, faulty[^1].BytesMoved);
        Assert.All(b.Generate(sites[0].Conditions, 16), v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void SaveLoad_RoundTrip_GeneratesTheSameImages()
    {
        var site = Phantoms("all", 8, seed: 4);
        using var generator = MaskImageGan.Fit([site], Size, Tiny(epochs: 1));
        var folder = Directory.CreateTempSubdirectory("arcanum-gen-").FullName;
        try
        {
            generator.Save(folder);
            using var loaded = MaskImageGenerator.Load(folder);

            Assert.Equal(Size, loaded.Size);
            Assert.Equal([8, 16], loaded.Widths);
            Assert.Equal(generator.Generate(site.Conditions, 8), loaded.Generate(site.Conditions, 8));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Load_FolderWithoutAGenerator_SaysWhatIsMissing()
    {
        var folder = Directory.CreateTempSubdirectory("arcanum-gen-").FullName;
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => MaskImageGenerator.Load(folder));
            Assert.Contains(MaskImageGenerator.WeightsFile, error.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Fit_BadInput_IsRefusedWithTheReason()
    {
        var site = Phantoms("all", 4, seed: 4);
        Assert.Contains("no sites", Assert.Throws<ArgumentException>(() => MaskImageGan.Fit([], Size, Tiny())).Message);
        Assert.Contains("'short'", Assert.Throws<ArgumentException>(() =>
            MaskImageGan.Fit([site with { Name = "short", Images = new float[3] }], Size, Tiny())).Message);
        Assert.Contains("multiple of 8", Assert.Throws<ArgumentException>(() =>
            MaskImageGan.Fit([site], Size, Tiny() with { DiscriminatorWidth = 12 })).Message);
        Assert.Contains("at least 24 pixels", Assert.Throws<ArgumentException>(() =>
            MaskImageGan.Fit([site], Size, Tiny() with { DiscriminatorLayers = 3 })).Message);
        Assert.Contains("multiple of 2", Assert.Throws<ArgumentException>(() =>
            MaskImageGan.Fit([Phantoms("x", 1, 1) with { Conditions = new float[2 * 15 * 15], Images = new float[15 * 15] }], 15, Tiny())).Message);
    }

    [Fact]
    public void LearningRate_FollowsPix2PixSchedule()
    {
        var options = new MaskGanOptions { Epochs = 4, LearningRate = 1 };
        double[] expected = [1.0, 1.0, 2.0 / 3, 1.0 / 3];
        for (var e = 0; e < 4; e++) Assert.Equal(expected[e], MaskImageGan.LearningRate(options, e), 12);
    }

    [Fact]
    public void Discriminator_InputGradientOfAThreeChannelPair_MatchesDoublePrecision()
    {
        // The site's whole answer is ∂loss/∂image through a 3-channel first convolution, the kind of input
        // oneDNN once got wrong (see TorchRuntimeTests); float and double (no oneDNN) must agree.
        TorchRuntime.EnsureLoaded();
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(11);
        using var discriminator = new PatchDiscriminator(3, 8, 2);
        var input = torch.randn([4, 3, 32, 32], generator: new torch.Generator(3));

        var x = input.clone().requires_grad_(true);
        discriminator.forward(x).square().sum().backward();
        discriminator.to(torch.float64);
        var x64 = input.to(torch.float64).requires_grad_(true);
        discriminator.forward(x64).square().sum().backward();

        Assert.True(x.grad!.to(torch.float64).allclose(x64.grad!, rtol: 1e-3, atol: 1e-4), "float32 input gradient differs from float64");
    }
}
