using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Arcanum.Torch.Models;

/// <summary>
/// One U-Net level: two 3×3 convolutions (padding 1, so the size is kept), each followed by
/// GroupNorm and ReLU. The convolutions have no bias because the normalisation's shift replaces it.
/// Keys: <c>conv1.weight</c>, <c>norm1.weight</c>, <c>norm1.bias</c>, <c>conv2.weight</c>,
/// <c>norm2.weight</c>, <c>norm2.bias</c>.
/// </summary>
internal sealed class UNetBlock : nn.Module<Tensor, Tensor>
{
    /// <summary>Channels per normalisation group are width / 8 where 8 divides the width (see <see cref="Groups"/>).</summary>
    private const int MaxGroups = 8;

    private readonly Conv2d conv1;
    private readonly GroupNorm norm1;
    private readonly Conv2d conv2;
    private readonly GroupNorm norm2;

    public UNetBlock(int inputs, int width) : base(nameof(UNetBlock))
    {
        conv1 = nn.Conv2d(inputs, width, kernel_size: 3, padding: 1, bias: false);
        norm1 = nn.GroupNorm(Groups(width), width);
        conv2 = nn.Conv2d(width, width, kernel_size: 3, padding: 1, bias: false);
        norm2 = nn.GroupNorm(Groups(width), width);
        Reset(norm1);
        Reset(norm2);
        RegisterComponents();
    }

    /// <summary>
    /// Scale 1, shift 0. TorchSharp 0.107's GroupNorm leaves its affine parameters as uninitialised
    /// memory (seen as garbage that differed between two builds with the same seed), so a seeded
    /// initialisation would not be deterministic without this.
    /// </summary>
    private static void Reset(GroupNorm norm)
    {
        using var noGrad = no_grad();
        norm.weight!.fill_(1);
        norm.bias!.zero_();
    }

    /// <summary>The largest divisor of <paramref name="width"/> up to 8: every group holds the same number of channels.</summary>
    internal static int Groups(int width)
    {
        for (var g = Math.Min(MaxGroups, width); g > 1; g--)
        {
            if (width % g == 0) return g;
        }
        return 1;
    }

    /// <remarks>
    /// The intermediates' handles are freed on the way out: autograd keeps what backward needs on its
    /// own, and without the scope a no_grad prediction would hold every activation of the batch.
    /// </remarks>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = nn.functional.relu(norm1.forward(conv1.forward(input)));
        return nn.functional.relu(norm2.forward(conv2.forward(x))).MoveToOuterDisposeScope();
    }
}
