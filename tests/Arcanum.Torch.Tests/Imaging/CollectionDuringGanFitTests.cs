using Arcanum.Federated.Simulation;
using Arcanum.Torch.Imaging;
using Arcanum.Torch.Tests.Support;

namespace Arcanum.Torch.Tests.Imaging;

/// <summary>
/// The image GAN trains while the CLI reports progress and a server answers requests on other threads, so garbage
/// collections start mid-step. TorchSharp's Adam and its operators (<c>leaky_relu(x, 0.2)</c>, <c>x * 2 - 1</c>,
/// <c>a + b</c>) hand libtorch temporary Scalars that such a collection can free while libtorch reads them; a thread
/// that collects over and over makes that show within a short fit.
/// </summary>
[Collection(GcPressure.Name)]
public sealed class CollectionDuringGanFitTests
{
    [Fact]
    public void Fit_WhileAnotherThreadCollects_CompletesCheckpointsAndGenerates()
    {
        // Given two sites of tiny phantoms, a checkpoint folder, and a thread that forces collections over and over
        var sites = new[] { MaskImageGanTests.Phantoms("a", 24, seed: 2), MaskImageGanTests.Phantoms("b", 16, seed: 3) };
        var folder = Path.Combine(Path.GetTempPath(), "arcanum-gc-gan-" + Guid.NewGuid().ToString("N"));
        var epochs = new List<GanEpoch>();
        var collector = new CollectingThread();

        // When the GAN fits (saving its checkpoint each epoch) and generates meanwhile
        float[] images;
        try
        {
            using (collector)
            {
                using var generator = MaskImageGan.Fit(sites, MaskImageGanTests.Size, MaskImageGanTests.Tiny(epochs: 8),
                    progress: new SyncProgress<GanEpoch>(epochs.Add), checkpoint: folder);
                images = generator.Generate(sites[0].Conditions, sites[0].Count);
            }
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }

        // Then nothing libtorch read was freed under it: every epoch ran, and the losses and images are numbers
        Assert.Equal(8, epochs.Count);
        Assert.All(epochs, e => Assert.True(double.IsFinite(e.DiscriminatorLoss) && double.IsFinite(e.L1), $"epoch {e.Epoch}: {e}"));
        Assert.Equal(24 * MaskImageGanTests.Size * MaskImageGanTests.Size, images.Length);
        Assert.All(images, v => Assert.True(float.IsFinite(v)));
        Assert.True(collector.Collections > 100, $"only {collector.Collections} collections ran during the fit");
    }
}
