using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Arcanum.Torch.Training.SampleDp;

/// <summary>
/// Per-record gradients of a 2-D convolution by the unfold trick (as in Opacus): unfolding record i's input
/// into its kernel-sized patches U_i [C_in·k_h·k_w, L] turns the convolution into the product W·U_i, so the
/// record's weight gradient is G_i·U_iᵀ with G_i its output gradient [C_out, L] (one batched matmul for all
/// records) and its bias gradient is G_i summed over positions. The stack is [B, C_out, C_in·k_h·k_w], small
/// for convolutions; it is kept between <see cref="SquaredNorms"/> and <see cref="ClippedSums"/>.
/// </summary>
internal sealed class PerSampleConv2d : PerSampleLayer
{
    private readonly Conv2d _layer;
    private readonly (long, long) _kernel, _dilation, _padding, _stride;
    private Tensor? _weightGrads;
    private Tensor? _biasGrads;

    public PerSampleConv2d(string name, Conv2d layer) : base(name)
    {
        if (layer.groups != 1 || layer.padding_mode != TorchSharp.PaddingModes.Zeros || layer.padding_type is not null
            || layer.padding is not { Length: 2 } || layer.stride is not { Length: 2 }
            || layer.dilation is not { Length: 2 })
            throw new NotSupportedException(
                $"Layer '{name}': DP-SGD supports convolutions with one group and zero padding given as numbers; " +
                $"this one has groups={layer.groups}, padding mode {layer.padding_mode}.");
        _layer = layer;
        _kernel = (layer.kernel_size[0], layer.kernel_size[1]);
        _dilation = (layer.dilation[0], layer.dilation[1]);
        _padding = (layer.padding[0], layer.padding[1]);
        _stride = (layer.stride[0], layer.stride[1]);
        Parameters = layer.bias is null ? [layer.weight!] : [layer.weight!, layer.bias];
    }

    public override IReadOnlyList<Parameter> Parameters { get; }

    protected override Tensor Apply(Tensor input) => _layer.forward(input);

    public override Tensor SquaredNorms(Tensor outputGrad)
    {
        var batch = outputGrad.shape[0];
        var patches = nn.functional.unfold(Input, _kernel, _dilation, _padding, _stride);
        var g = outputGrad.reshape(batch, outputGrad.shape[1], -1);
        _weightGrads = g.bmm(patches.transpose(1, 2));
        var norms = _weightGrads.Squared().sum([1, 2]);
        if (_layer.bias is null) return norms;
        _biasGrads = g.sum(dim: 2);
        return norms.Plus(_biasGrads.Squared().sum(dim: 1));
    }

    public override IReadOnlyList<Tensor> ClippedSums(Tensor outputGrad, Tensor factors)
    {
        var weights = _weightGrads ?? throw new InvalidOperationException($"Layer '{Name}': SquaredNorms comes first.");
        var weight = (weights * factors.reshape(-1, 1, 1)).sum(dim: 0).reshape(_layer.weight!.shape);
        return _biasGrads is null ? [weight] : [weight, (_biasGrads * factors.unsqueeze(1)).sum(dim: 0)];
    }

    protected override void OnReset()
    {
        _weightGrads = null;
        _biasGrads = null;
    }
}
