using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Arcanum.Torch.Training.SampleDp;

/// <summary>
/// Per-record gradients of y = a·Wᵀ + b for input a of shape [B, in]: record i's weight gradient is the outer
/// product g_i ⊗ a_i and its bias gradient g_i. Neither is materialised:
/// ‖g_i ⊗ a_i‖² = ‖g_i‖²·‖a_i‖² (the "ghost norm"), and Σ_i f_i (g_i ⊗ a_i) = (f ∘ g)ᵀ a is one matrix
/// product. A CNN's dense layer has 1.6M weights, so a [B, 512, 3136] stack of per-record gradients
/// would cost more than the whole step.
/// </summary>
internal sealed class PerSampleLinear(string name, Linear layer) : PerSampleLayer(name)
{
    public override IReadOnlyList<Parameter> Parameters { get; } =
        layer.bias is null ? [layer.weight!] : [layer.weight!, layer.bias];

    protected override Tensor Apply(Tensor input)
    {
        if (input.dim() != 2)
            throw new NotSupportedException(
                $"Layer '{Name}' gets input of {input.dim()} dimensions; " +
                "DP-SGD supports linear layers on [batch, features] only.");
        return layer.forward(input);
    }

    public override Tensor SquaredNorms(Tensor outputGrad)
    {
        var g2 = outputGrad.Squared().sum(dim: 1);
        var norms = g2 * Input.Squared().sum(dim: 1);
        return layer.bias is null ? norms : norms.Plus(g2);
    }

    public override IReadOnlyList<Tensor> ClippedSums(Tensor outputGrad, Tensor factors)
    {
        var scaled = outputGrad * factors.unsqueeze(1);
        var weight = scaled.t().mm(Input);
        return layer.bias is null ? [weight] : [weight, scaled.sum(dim: 0)];
    }
}
