using Arcanum.Core.Learning;
using Arcanum.Core.Weights;
using Arcanum.Torch.Models;
using Arcanum.Torch.Training;
using static TorchSharp.torch;

namespace Arcanum.Torch.Imaging;

/// <summary>
/// Image features from a trained segmentation U-Net: every encoder level's activations averaged over the image
/// and concatenated (16 + 32 + 64 + 128 = 240 values with the default widths). The Fréchet Inception Distance
/// uses an ImageNet network; for brain MRI a network trained on the real MRIs themselves sees what matters
/// (anatomy, tumour texture) rather than natural-image statistics, as in the DSL paper's Dist-FID spirit.
/// </summary>
public static class SegmentationFeatures
{
    /// <summary>Row-major [data.Count × <see cref="Dimensions"/>] features of <paramref name="data"/>'s images.</summary>
    /// <exception cref="ArgumentException">The spec is not a U-Net, or the data does not fit it.</exception>
    public static float[] Extract(ModelSpec spec, ModelWeights weights, TensorDataset data, string device = "cpu", int batchSize = 64)
    {
        TorchRuntime.EnsureLoaded();
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(weights);
        if (spec.Kind != ModelKind.UNet) throw new ArgumentException($"Features come from a U-Net segmenter; got a {spec.Kind} model.", nameof(spec));
        spec.Validate();
        InputChecks.EnsureData(spec, data);
        var target = TorchRuntime.ResolveDevice(device);
        using var model = (UNet)ModelFactory.Create(spec, seed: 0, target);
        ModuleWeights.Load(model, weights);
        model.eval();
        var dims = Dimensions(spec);
        var output = new float[(long)data.Count * dims];
        var sample = spec.InputShape.Aggregate(1, (a, b) => a * b);
        using var noGrad = no_grad();
        for (var offset = 0; offset < data.Count; offset += batchSize)
        {
            using var scope = NewDisposeScope();
            var n = Math.Min(batchSize, data.Count - offset);
            long[] shape = [n, .. spec.InputShape.Select(d => (long)d)];
            var batch = tensor(data.Features.AsSpan(offset * sample, n * sample).ToArray(), shape).to(target);
            HostFloats.CopyTo(model.EncoderFeatures(batch), output.AsSpan(offset * dims, n * dims));
        }
        return output;
    }

    /// <summary>Feature length for <paramref name="spec"/>: the sum of its level widths.</summary>
    public static int Dimensions(ModelSpec spec) => spec.HiddenSizes.Sum();
}
