using static TorchSharp.torch;

namespace Arcanum.Torch.Training;

/// <summary>
/// The segmentation loss: binary cross-entropy on the logits (mean over pixels) plus 1 − soft Dice.
/// Dice is taken over all pixels of the batch together ("batch Dice", smooth 1):
/// (2·Σ p·t + 1) / (Σ p + Σ t + 1) with p = sigmoid(logit). Per-image Dice would score every image
/// without foreground (most slices of a brain MRI) as 0 or 1 depending on a few stray pixels; batch
/// Dice weighs each tumour pixel equally, and cross-entropy keeps a gradient on empty slices.
/// </summary>
internal static class SegmentationLoss
{
    public const double Smooth = 1;

    /// <summary><paramref name="logits"/> and <paramref name="target"/> are float [B, 1, H, W]; the target is 0/1.</summary>
    public static Tensor Compute(Tensor logits, Tensor target)
    {
        var bce = nn.functional.binary_cross_entropy_with_logits(logits, target);
        var p = nn.functional.sigmoid(logits);
        // Held Scalars and Plus rather than numbers and +: a temporary Scalar can be freed mid-call (HeldScalars).
        var smooth = HeldScalars.Of(Smooth);
        var dice = (HeldScalars.Of(2) * (p * target).sum()).Plus(smooth) / p.sum().Plus(target.sum()).Plus(smooth);
        return bce.Plus(HeldScalars.OneMinus(dice));
    }
}
