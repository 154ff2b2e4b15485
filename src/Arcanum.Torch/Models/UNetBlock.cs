using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Arcanum.Torch.Models;

/// <summary>
/// One U-Net level: two 3×3 convolutions (padding 1, so the size is kept), each followed by
/// GroupNorm and ReLU. The convolutions keep their bias although the normalisation's shift makes it
/// redundant (it was dropped once while chasing unstable gradients; those came from oneDNN, see
/// TorchRuntime, not from the bias).
/// Keys: <c>conv1.weight</c>, <c>conv1.bias</c>, <c>norm1.weight</c>, <c>norm1.bias</c>, <c>conv2.weight</c>, <c>conv2.bias</c>,
/// <c>norm2.weight</c>, <c>norm2.bias</c>.
/// </summary>
internal sealed class UNetBlock : nn.Module<Tensor, Tensor>
{
    /// <summary>Channels per normalisation group are width / 8 where 8 divides the width (see <see cref="Groups"/>).</summary>
    private const int MaxGroups = 8;

    private readonly Conv2d conv1;
    private readonly GroupNormalization norm1;
    private readonly Conv2d conv2;
    private readonly GroupNormalization norm2;

    public UNetBlock(int inputs, int width) : base(nameof(UNetBlock))
    {
        conv1 = nn.Conv2d(inputs, width, kernel_size: 3, padding: 1);
        norm1 = new GroupNormalization(Groups(width), width);
        conv2 = nn.Conv2d(width, width, kernel_size: 3, padding: 1);
        norm2 = new GroupNormalization(Groups(width), width);
        RegisterComponents();
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
    /// Without gradients (prediction) the intermediates are freed on the way out; otherwise a batch
    /// would hold every activation until its scope ends (~1.7 kB a pixel rather than ~1 kB). With
    /// gradients they are left alone: the graph keeps them anyway.
    /// </remarks>
    public override Tensor forward(Tensor input)
    {
        using var scope = is_grad_enabled() ? null : NewDisposeScope();
        var x = nn.functional.relu(norm1.forward(conv1.forward(input)));
        var output = nn.functional.relu(norm2.forward(conv2.forward(x)));
        return scope is null ? output : output.MoveToOuterDisposeScope();
    }
}
