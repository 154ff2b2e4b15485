namespace Arcanum.Torch.Imaging;

/// <summary>
/// One holder of (condition, image) pairs for GAN training: a hospital in AsynDGAN, or everything at once for
/// central training. <see cref="Conditions"/> is [Count × 2 × S × S] (brain outline, tumour; 0/1) and
/// <see cref="Images"/> [Count × S × S], grey in [0, 1].
/// </summary>
public sealed record MaskImageSite(string Name, float[] Conditions, float[] Images, int Count);
