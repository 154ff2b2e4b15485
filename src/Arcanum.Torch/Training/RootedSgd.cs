using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Arcanum.Torch.Training;

/// <summary>
/// SGD with momentum and L2 weight decay, the arithmetic of torch.optim.SGD (dampening 0, no Nesterov) in the same
/// order, so runs match TorchSharp's SGD bit for bit; its Scalars are held for as long as libtorch uses them
/// (<see cref="IRootedOptimizer"/>).
/// </summary>
internal sealed class RootedSgd : IRootedOptimizer
{
    private readonly Parameter[] _parameters;
    private readonly Tensor?[] _momentumBuffers;
    private readonly Scalar _momentum;
    private readonly Scalar _decay;
    private readonly bool _hasMomentum;
    private readonly bool _decays;

    public RootedSgd(IEnumerable<Parameter> parameters, double rate, double momentum = 0, double weightDecay = 0)
    {
        _parameters = [.. parameters];
        _momentumBuffers = new Tensor?[_parameters.Length];
        Rate = rate;
        (_hasMomentum, _decays) = (momentum != 0, weightDecay != 0);
        _momentum = momentum.ToScalar();
        _decay = weightDecay.ToScalar();
    }

    public double Rate { get; set; }

    public void ZeroGrad()
    {
        using var scope = NewDisposeScope();
        foreach (var p in _parameters) p.grad?.zero_();
    }

    public void Step()
    {
        using var step = (-Rate).ToScalar();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        for (var i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            if (p.grad is not { } direction) continue;
            if (_decays) direction = direction.add(p, _decay);
            if (_hasMomentum)
            {
                if (_momentumBuffers[i] is { } buffer) buffer.mul_(_momentum).add_(direction, HeldScalars.Of(1));
                else _momentumBuffers[i] = direction.clone().detach().DetachFromDisposeScope();
                direction = _momentumBuffers[i]!;
            }
            p.add_(direction, step);
        }
    }

    public void Dispose()
    {
        foreach (var b in _momentumBuffers) b?.Dispose();
        _momentum.Dispose();
        _decay.Dispose();
    }
}
