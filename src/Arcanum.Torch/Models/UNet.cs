using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Arcanum.Torch.Models;

/// <summary>
/// A compact 2-D U-Net (Ronneberger et al., 2015, with same-size convolutions) for binary
/// segmentation. With widths w1..wL (the spec's hidden sizes, top to bottom): the encoder is L
/// levels of <see cref="UNetBlock"/> with a 2×2 max-pool between them; each decoder level k
/// (L−1 down to 1) doubles the size with a 2×2 transposed convolution wk+1→wk, concatenates the
/// encoder's level-k output (the skip) and applies a block 2wk→wk; a final 1×1 convolution gives ONE
/// logit per pixel. Output [N, 1, H, W] for input [N, C, H, W]; H and W must be multiples of 2^(L−1).
/// <para>
/// GroupNorm, not BatchNorm: BatchNorm's running mean and variance are buffers that FedAvg would
/// average as if they were weights (and <c>num_batches_tracked</c>, an int64 counter, would travel as
/// float32), and its statistics are those of each site's own intensity distribution, which differ
/// between hospitals' scanners, so the averaged statistics fit no site (the problem FedBN works
/// around). GroupNorm normalises each image on its own: there are no buffers, training and
/// evaluation compute the same function, small local batches cost nothing, and the state is
/// parameters only, all of which FedProx, SCAFFOLD and secure aggregation treat alike.
/// </para>
/// Keys: <c>enc1.*</c> … <c>encL.*</c> (blocks), then per decoder level from the bottom
/// <c>upK.weight</c>, <c>upK.bias</c>, <c>decK.*</c>, and last <c>head.weight</c>, <c>head.bias</c>.
/// </summary>
internal sealed class UNet : nn.Module<Tensor, Tensor>
{
    private readonly UNetBlock[] encoders;
    private readonly ConvTranspose2d[] ups;
    private readonly UNetBlock[] decoders;
    private readonly Conv2d head;

    public UNet(int channels, IReadOnlyList<int> widths) : base(nameof(UNet))
    {
        if (widths.Count < 2)
            throw new ArgumentException($"The U-Net needs at least 2 levels; got [{string.Join(", ", widths)}].");
        // A limit of this backend, not of U-Nets: oneDNN, libtorch's CPU convolution library, computed
        // wrong (and now and then NaN) gradients for channel counts off its vector block (8 floats with
        // the 256-bit AVX kernels TorchRuntime caps it at); see TorchRuntimeTests.
        if (widths.Any(w => w % 8 != 0))
            throw new ArgumentException($"The U-Net's widths must be multiples of 8 (e.g. [16, 32, 64, 128]); got [{string.Join(", ", widths)}].");
        var levels = widths.Count;
        encoders = new UNetBlock[levels];
        for (var i = 0; i < levels; i++)
        {
            encoders[i] = new UNetBlock(i == 0 ? channels : widths[i - 1], widths[i]);
            // Registered by hand because the level count varies; the names are the checkpoint keys.
            register_module($"enc{i + 1}", encoders[i]);
        }
        ups = new ConvTranspose2d[levels - 1];
        decoders = new UNetBlock[levels - 1];
        for (var i = levels - 2; i >= 0; i--)
        {
            ups[i] = nn.ConvTranspose2d(widths[i + 1], widths[i], kernel_size: 2, stride: 2);
            register_module($"up{i + 1}", ups[i]);
            decoders[i] = new UNetBlock(2 * widths[i], widths[i]);
            register_module($"dec{i + 1}", decoders[i]);
        }
        head = nn.Conv2d(widths[0], 1, kernel_size: 1);
        register_module("head", head);
    }

    /// <summary>
    /// The encoder's view of an image: each level's output averaged over the image, concatenated
    /// ([N, w1 + … + wL]), the feature vector the Fréchet distance of synthetic images is taken on.
    /// </summary>
    internal Tensor EncoderFeatures(Tensor input)
    {
        using var scope = NewDisposeScope();
        var pooled = new Tensor[encoders.Length];
        var x = input;
        for (var i = 0; i < encoders.Length; i++)
        {
            x = encoders[i].forward(x);
            pooled[i] = x.mean([2, 3]);
            if (i < encoders.Length - 1) x = nn.functional.max_pool2d(x, 2);
        }
        return cat(pooled, 1).MoveToOuterDisposeScope();
    }

    /// <remarks>Without gradients only the logits outlive the call (see <see cref="UNetBlock.forward"/>).</remarks>
    public override Tensor forward(Tensor input)
    {
        using var scope = is_grad_enabled() ? null : NewDisposeScope();
        var skips = new Tensor[encoders.Length - 1];
        var x = input;
        for (var i = 0; i < encoders.Length; i++)
        {
            x = encoders[i].forward(x);
            if (i < skips.Length)
            {
                skips[i] = x;
                x = nn.functional.max_pool2d(x, 2);
            }
        }
        for (var i = skips.Length - 1; i >= 0; i--)
        {
            x = decoders[i].forward(cat([skips[i], ups[i].forward(x)], 1));
        }
        return scope is null ? head.forward(x) : head.forward(x).MoveToOuterDisposeScope();
    }
}
