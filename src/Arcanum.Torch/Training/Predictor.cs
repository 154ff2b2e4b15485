using Arcanum.Core.Learning;
using Arcanum.Core.Weights;
using Arcanum.Torch.Models;
using static TorchSharp.torch;

namespace Arcanum.Torch.Training;

/// <summary>
/// Probabilities in eval mode under no_grad, in batches, copied back to one row-major array: class
/// probabilities (softmax) per sample, or for a segmentation model the foreground probability
/// (sigmoid of the logit) per pixel.
/// </summary>
internal static class Predictor
{
    private const int BatchSize = 1024;

    /// <summary>
    /// Pixels per segmentation batch: a U-Net of widths [16..128] holds ~1 kB of activations per
    /// pixel at its peak (skips plus the top decoder level), so 2^20 pixels (64 images of 128×128,
    /// 16 of 256×256) stay near 1 GB.
    /// </summary>
    private const long SegmentationPixels = 1 << 20;

    public static float[] Run(ModelSpec spec, ModelWeights weights, TensorDataset data, Device device)
    {
        var perSample = spec.IsSegmentation ? (long)spec.InputShape[1] * spec.InputShape[2] : spec.ClassCount;
        var result = new float[checked(data.Count * perSample)];
        if (data.Count == 0) return result;

        using var run = NewDisposeScope();
        using var lease = ModulePool.Rent(spec, device);
        var model = lease.Module;
        ModuleWeights.Load(model, weights);
        model.eval();
        using var noGrad = no_grad();

        long n = data.Count;
        var x = DatasetTensors.Get(data, device).Features;
        var batchSize = spec.IsSegmentation ? Math.Max(1, SegmentationPixels / perSample) : BatchSize;
        for (long offset = 0; offset < n; offset += batchSize)
        {
            using var batch = NewDisposeScope();
            var size = Math.Min(batchSize, n - offset);
            var output = model.forward(x.narrow(0, offset, size));
            var probabilities = spec.IsSegmentation ? nn.functional.sigmoid(output) : nn.functional.softmax(output, 1);
            HostFloats.CopyTo(probabilities, result.AsSpan(checked((int)(offset * perSample)), checked((int)(size * perSample))));
        }
        return result;
    }
}
