using Arcanum.Torch.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Arcanum.Torch.Imaging;

/// <summary>
/// pix2pix's PatchGAN discriminator (Isola et al., 2017): it scores overlapping patches of a
/// (condition, image) pair as real or generated rather than the whole image, so it judges texture and
/// leaves global layout to the generator's L1 term. With width w and L down-sampling layers: a 4×4
/// stride-2 convolution to w (no normalisation), L−1 more stride-2 convolutions doubling the width,
/// one stride-1 convolution doubling it again, and a stride-1 convolution to one logit per patch, with
/// LeakyReLU 0.2 between. L = 3 is pix2pix's 70×70 patch. GroupNorm replaces pix2pix's BatchNorm for the
/// reasons given on <see cref="UNet"/> (and because each AsynDGAN site's discriminator sees one
/// hospital's batches only).
/// Keys: <c>conv1.*</c>, then <c>convK.*</c> and <c>normK.*</c> for K = 2..L+1, and <c>head.*</c>.
/// </summary>
internal sealed class PatchDiscriminator : nn.Module<Tensor, Tensor>
{
    private const double Slope = 0.2;

    private readonly Conv2d[] convs;
    private readonly GroupNormalization[] norms;
    private readonly Conv2d head;

    public PatchDiscriminator(int channels, int width, int layers) : base(nameof(PatchDiscriminator))
    {
        if (layers < 1) throw new ArgumentOutOfRangeException(nameof(layers), layers, "The discriminator needs at least one down-sampling layer.");
        if (width % 8 != 0) throw new ArgumentException($"The discriminator's width must be a multiple of 8 (a oneDNN limit, see UNet); got {width}.");
        convs = new Conv2d[layers + 1];
        norms = new GroupNormalization[layers];
        var inputs = channels;
        for (var k = 0; k <= layers; k++)
        {
            var outputs = width << k;
            convs[k] = nn.Conv2d(inputs, outputs, kernel_size: 4, stride: k < layers ? 2 : 1, padding: 1);
            register_module($"conv{k + 1}", convs[k]);
            if (k > 0)
            {
                norms[k - 1] = new GroupNormalization(UNetBlock.Groups(outputs), outputs);
                register_module($"norm{k + 1}", norms[k - 1]);
            }
            inputs = outputs;
        }
        head = nn.Conv2d(inputs, 1, kernel_size: 4, stride: 1, padding: 1);
        register_module("head", head);
    }

    public override Tensor forward(Tensor input)
    {
        // The slope is a held Scalar: a temporary one can be freed mid-call by a collection on another thread (HeldScalars).
        var slope = HeldScalars.Of(Slope);
        var x = convs[0].forward(input).leaky_relu(slope);
        for (var k = 1; k < convs.Length; k++)
            x = norms[k - 1].forward(convs[k].forward(x)).leaky_relu(slope);
        return head.forward(x);
    }
}
