using TorchSharp;
using static TorchSharp.torch;

namespace Arcanum.Torch.Imaging;

/// <summary>
/// A site's half of AsynDGAN (Chang et al., 2020): it keeps its real images and its own PatchGAN
/// discriminator, and for a batch of generated images (made by the server from this site's masks) it
/// (1) updates the discriminator on (mask, real) against (mask, generated), then (2) returns the gradient
/// of the generator's loss at this site, BCE(D(mask, generated), 1) + λ·L1(generated, real), with respect
/// to the generated images, the only thing that leaves. The L1 term needs the real image, so it is
/// computed here, as in the DSL implementation. Central pix2pix training is this with one site.
/// Every Scalar handed to libtorch is held (<see cref="HeldScalars"/>), as the GAN trains while other threads collect.
/// </summary>
internal sealed class DiscriminatorSite : IDisposable
{
    private readonly PatchDiscriminator _discriminator;
    private readonly RootedAdam _optimizer;
    private readonly Tensor _conditions;
    private readonly Tensor _images;
    private readonly Scalar _l1Weight;

    public DiscriminatorSite(MaskImageSite site, int size, MaskGanOptions options, int seed, Device device)
    {
        Name = site.Name;
        Count = site.Count;
        lock (TorchRuntime.RandomLock)
        {
            manual_seed(seed);
            _discriminator = new PatchDiscriminator(3, options.DiscriminatorWidth, options.DiscriminatorLayers);
        }
        _discriminator.to(device);
        _optimizer = new RootedAdam(_discriminator.parameters(), options.LearningRate, options.Beta1, 0.999);
        _conditions = tensor(site.Conditions, [site.Count, 2, size, size]).to(device).DetachFromDisposeScope();
        // pix2pix's scale: images in [−1, 1], the generator ends in tanh.
        var images = tensor(site.Images, [site.Count, 1, size, size]).to(device);
        _images = (images * HeldScalars.Of(2) - HeldScalars.Of(1)).DetachFromDisposeScope();
        _l1Weight = options.L1Weight.ToScalar();
    }

    public string Name { get; }

    public int Count { get; }

    public RootedAdam Optimizer => _optimizer;

    public nn.Module Discriminator => _discriminator;

    /// <summary>
    /// One step for the generated images <paramref name="generated"/> [B, 1, S, S] of the site's samples
    /// <paramref name="indices"/>; returns ∂loss_G/∂generated and the step's losses.
    /// </summary>
    public (Tensor Gradient, double Discriminator, double Adversarial, double L1) Step(Tensor indices, Tensor generated)
    {
        Tensor gradient;
        double dLoss, adversarial, l1;
        using (var scope = NewDisposeScope())
        {
            var conditions = _conditions.index_select(0, indices);
            var real = _images.index_select(0, indices);
            var fake = generated.detach();

            _discriminator.train();
            var realLogits = _discriminator.forward(cat([conditions, real], 1));
            var fakeLogits = _discriminator.forward(cat([conditions, fake], 1));
            var realLoss = nn.functional.binary_cross_entropy_with_logits(realLogits, ones_like(realLogits));
            var fakeLoss = nn.functional.binary_cross_entropy_with_logits(fakeLogits, zeros_like(fakeLogits));
            var lossD = HeldScalars.Of(0.5) * realLoss.Plus(fakeLoss);
            _optimizer.ZeroGrad();
            lossD.backward();
            _optimizer.Step();

            var input = fake.clone().requires_grad_(true);
            var logits = _discriminator.forward(cat([conditions, input], 1));
            var adv = nn.functional.binary_cross_entropy_with_logits(logits, ones_like(logits));
            var l1Term = (input - real).abs().mean();
            var lossG = adv.Plus(_l1Weight * l1Term);
            gradient = autograd.grad([lossG], [input])[0].detach().MoveToOuterDisposeScope();
            dLoss = lossD.item<float>();
            adversarial = adv.item<float>();
            l1 = l1Term.item<float>();
        }
        return (gradient, dLoss, adversarial, l1);
    }

    /// <summary>The site's samples as the server holds them: AsynDGAN's sites share their masks at the start.</summary>
    public Tensor SharedConditions => _conditions;

    public void Dispose()
    {
        _optimizer.Dispose();
        _discriminator.Dispose();
        _conditions.Dispose();
        _images.Dispose();
        _l1Weight.Dispose();
    }
}
