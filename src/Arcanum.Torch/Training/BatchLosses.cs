using Arcanum.Core.Learning;
using static TorchSharp.torch;

namespace Arcanum.Torch.Training;

/// <summary>
/// The data loss of one batch, given the batch's row indices on the device: cross-entropy on class
/// labels, or <see cref="SegmentationLoss"/> on masks for a segmentation model. With
/// <see cref="TrainingOptions.Augmentation"/> each batch is augmented first (masks follow the
/// images); the augmenter's seed is derived from the run's seed but differs from the shuffle's, so
/// the two random streams are not the same numbers read twice.
/// </summary>
internal static class BatchLosses
{
    private const int AugmentationSalt = 0x5A17;

    public static Func<Tensor, Tensor> For(ModelSpec spec, nn.Module<Tensor, Tensor> model, TensorDataset data,
        Tensor x, Tensor y, Tensor? classWeights, TrainingOptions options, Device device)
    {
        var augmenter = options.Augmentation is { } a ? new ImageAugmenter(a, unchecked(options.Seed * 31 + AugmentationSalt)) : null;
        if (spec.IsSegmentation)
        {
            var masks = DatasetTensors.GetMasks(data, device);
            return index =>
            {
                var images = x.index_select(0, index);
                var target = masks.index_select(0, index).to(float32);
                if (augmenter is not null) (images, target) = augmenter.Apply(images, target);
                return SegmentationLoss.Compute(model.forward(images), target!);
            };
        }
        return index =>
        {
            var images = x.index_select(0, index);
            if (augmenter is not null) images = augmenter.Apply(images, null).Images;
            return nn.functional.cross_entropy(model.forward(images), y.index_select(0, index), classWeights);
        };
    }
}
