using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Arcanum.Torch;

/// <summary>
/// Adam (Kingma and Ba 2015, with L2 weight decay added to the gradient, as torch.optim.Adam) or, with decoupled
/// decay, AdamW (Loshchilov and Hutter 2019, as torch.optim.AdamW): the same arithmetic, in the same order, as
/// TorchSharp's Adam and AdamW, whose steps hand libtorch temporary Scalars that a garbage collection on another
/// thread can free mid-call (see <see cref="HeldScalars"/>; seen as "Unknown scalar type" in a DP-CTGAN fit). Here
/// every Scalar is held by a field or by a <c>using</c> for as long as libtorch uses it.
/// </summary>
internal sealed partial class RootedAdam : IRootedOptimizer
{
    private readonly Parameter[] _parameters;
    private readonly Tensor[] _average;
    private readonly Tensor[] _averageSquare;
    private readonly double _initialRate;
    private readonly double _beta1;
    private readonly double _beta2;
    private readonly double _epsilonValue;
    private readonly double _weightDecay;
    private readonly Scalar _decay;
    private readonly Scalar _beta1Scalar;
    private readonly Scalar _beta2Scalar;
    private readonly Scalar _oneMinusBeta1;
    private readonly Scalar _oneMinusBeta2;
    private readonly Scalar _epsilon;
    private readonly bool _decays;
    private readonly bool _decoupled;
    private long _steps;

    /// <summary>With <paramref name="decoupledDecay"/> (AdamW) each step first shrinks the weights by 1 − rate·decay
    /// instead of adding decay·weight to the gradient.</summary>
    public RootedAdam(IEnumerable<Parameter> parameters, double rate, double beta1 = 0.9, double beta2 = 0.999,
        double epsilon = 1e-8, double weightDecay = 0, bool decoupledDecay = false)
    {
        _parameters = [.. parameters];
        _average = [.. _parameters.Select(p => zeros_like(p).DetachFromDisposeScope())];
        _averageSquare = [.. _parameters.Select(p => zeros_like(p).DetachFromDisposeScope())];
        (Rate, _initialRate, _beta1, _beta2, _epsilonValue) = (rate, rate, beta1, beta2, epsilon);
        (_weightDecay, _decays, _decoupled) = (weightDecay, weightDecay != 0, decoupledDecay);
        _decay = weightDecay.ToScalar();
        _beta1Scalar = beta1.ToScalar();
        _beta2Scalar = beta2.ToScalar();
        _oneMinusBeta1 = (1 - beta1).ToScalar();
        _oneMinusBeta2 = (1 - beta2).ToScalar();
        _epsilon = epsilon.ToScalar();
    }

    public double Rate { get; set; }

    /// <summary>Zeroes the gradients in place; TorchSharp's wrappers stay in a scope while libtorch uses them.</summary>
    public void ZeroGrad()
    {
        using var scope = NewDisposeScope();
        foreach (var p in _parameters) p.grad?.zero_();
    }

    /// <summary>One step over the parameters that have a gradient.</summary>
    public void Step()
    {
        _steps++;
        var correction1 = 1 - Math.Pow(_beta1, _steps);
        var correction2 = 1 - Math.Pow(_beta2, _steps);
        using var root = Math.Sqrt(correction2).ToScalar();
        using var stepSize = (-(Rate / correction1)).ToScalar();
        using var shrink = (1 - Rate * _weightDecay).ToScalar();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        for (var i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            if (p.grad is not { } grad) continue;
            if (_decays && _decoupled) p.mul_(shrink);
            else if (_decays) grad = grad.add(p, _decay);
            _average[i].mul_(_beta1Scalar).add_(grad, _oneMinusBeta1);
            _averageSquare[i].mul_(_beta2Scalar).addcmul_(grad, grad.conj(), _oneMinusBeta2);
            var denominator = (_averageSquare[i].sqrt() / root).add_(_epsilon, HeldScalars.Of(1));
            p.addcdiv_(_average[i], denominator, stepSize);
        }
    }

    public void Dispose()
    {
        foreach (var t in _average.Concat(_averageSquare)) t.Dispose();
        Scalar[] held = [_decay, _beta1Scalar, _beta2Scalar, _oneMinusBeta1, _oneMinusBeta2, _epsilon];
        foreach (var s in held) s.Dispose();
    }
}
