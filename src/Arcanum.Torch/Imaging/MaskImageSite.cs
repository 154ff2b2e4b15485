namespace Arcanum.Torch.Imaging;

/// <summary>
/// One holder of (condition, image) pairs for GAN training: a hospital in AsynDGAN, or everything at once for
/// central training. <see cref="Conditions"/> is [Count × 2 × S × S] (brain outline, tumour; 0/1) and
/// <see cref="Images"/> [Count × S × S], grey in [0, 1].
/// </summary>
public sealed record MaskImageSite(string Name, float[] Conditions, float[] Images, int Count);

/// <summary>Progress of GAN training, once per epoch.</summary>
/// <param name="Epoch">Epochs done (1-based).</param>
/// <param name="Epochs">Epochs in all.</param>
/// <param name="DiscriminatorLoss">Mean of the discriminators' ½(BCE(real, 1) + BCE(fake, 0)).</param>
/// <param name="AdversarialLoss">Mean of BCE(D(fake), 1), the generator's adversarial term.</param>
/// <param name="L1">Mean absolute difference between generated and real images, on the [−1, 1] scale.</param>
/// <param name="Elapsed">Time since training started.</param>
/// <param name="BytesMoved">Generated images sent to sites plus gradients returned, so far (float32).</param>
/// <param name="MissedAnswers">Site steps skipped this epoch because the site dropped out (simulated faults).</param>
public sealed record GanEpoch(int Epoch, int Epochs, double DiscriminatorLoss, double AdversarialLoss, double L1, TimeSpan Elapsed, long BytesMoved, int MissedAnswers = 0);
