using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Arcanum.Torch.Models;

/// <summary>
/// Group normalisation (Wu and He, 2018) with a learned per-channel scale (<c>weight</c>, 1 at start)
/// and shift (<c>bias</c>, 0 at start), over the ATen function rather than TorchSharp's
/// <c>nn.GroupNorm</c> module. That module, built through TorchSharp 0.107's native layer on
/// libtorch 2.10, came up with uninitialised affine parameters (garbage, different on each build with
/// the same seed); the function takes ε and the parameters from here, so nothing is left to a native
/// options struct.
/// </summary>
internal sealed class GroupNormalization : nn.Module<Tensor, Tensor>
{
    private const double Epsilon = 1e-5;

    private readonly long groups;
    private readonly Parameter weight;
    private readonly Parameter bias;

    public GroupNormalization(long groups, long channels) : base(nameof(GroupNormalization))
    {
        this.groups = groups;
        // Detached from any dispose scope: modules outlive the call that builds them (ModulePool keeps them).
        weight = new Parameter(ones(channels).DetachFromDisposeScope());
        bias = new Parameter(zeros(channels).DetachFromDisposeScope());
        register_parameter("weight", weight);
        register_parameter("bias", bias);
    }

    public override Tensor forward(Tensor input) => nn.functional.group_norm(input, groups, weight, bias, Epsilon);
}
