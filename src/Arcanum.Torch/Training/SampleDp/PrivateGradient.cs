using Arcanum.Core.Learning;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Arcanum.Torch.Training.SampleDp;

/// <summary>
/// One DP-SGD gradient (Abadi et al. 2016, as Opacus computes it): per-record gradients from one batched
/// pass, each scaled by min(1, C / (‖g_i‖ + 1e-6)) with the norm over all parameters, summed, Gaussian
/// noise N(0, (σC)²) added to every coordinate, divided by the expected batch q·N (not the drawn one, whose
/// size depends on who is in the data). The result is written to every parameter's gradient.
/// </summary>
internal sealed class PrivateGradient
{
    private readonly TracedModel _model;
    private readonly SampleDpSettings _settings;
    private readonly double _expectedBatch;
    private readonly Generator _generator;
    private readonly Parameter[] _parameters;

    public PrivateGradient(TracedModel model, SampleDpSettings settings, double expectedBatch, Generator generator)
    {
        _model = model;
        _settings = settings;
        _expectedBatch = expectedBatch;
        _generator = generator;
        _parameters = [.. model.Layers.SelectMany(l => l.Parameters)];
    }

    /// <summary>
    /// Sets every parameter's gradient to the privatised mean gradient of the rows of <paramref name="x"/>.
    /// </summary>
    public void Apply(Tensor x, Tensor y, Tensor? classWeights)
    {
        using var scope = NewDisposeScope();
        var sums = ClippedSums(x, y, classWeights, _settings.Clip);
        using var noGrad = no_grad();
        using var noiseScale = (_settings.NoiseMultiplier * _settings.Clip).ToScalar();
        using var expectedBatch = _expectedBatch.ToScalar();
        for (var i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            // Drawn on the CPU, where the generator is (see PrivateEpochs), and moved to the parameter.
            var noise = randn(p.shape, dtype: p.dtype, generator: _generator).to(p.device);
            var gradient = sums[i].add(noise, noiseScale).div_(expectedBatch);
            // Written in place: a new gradient tensor per step would hold its native memory until the GC
            // finalised the old handle, megabytes per step for the CNN.
            var existing = p.grad;
            if (existing is null) p.grad = gradient.DetachFromDisposeScope();
            else existing.copy_(gradient);
        }
    }

    /// <summary>
    /// Σ_i min(1, clip / (‖g_i‖ + 1e-6)) g_i per parameter (the order of <see cref="TracedModel.Layers"/>),
    /// without noise. Zero tensors for an empty batch.
    /// </summary>
    internal Tensor[] ClippedSums(Tensor x, Tensor y, Tensor? classWeights, double clip)
    {
        if (x.shape[0] == 0) return [.. _parameters.Select(p => zeros_like(p))];
        var outputGrads = OutputGradients(x, y, classWeights);
        var norms = SquaredNorms(outputGrads).sqrt();
        using var clipScalar = clip.ToScalar();
        var factors = norms.Plus(HeldScalars.Of(1e-6)).reciprocal().mul_(clipScalar).clamp_max(HeldScalars.Of(1.0));
        var sums = new List<Tensor>(_parameters.Length);
        for (var i = 0; i < _model.Layers.Count; i++)
            sums.AddRange(_model.Layers[i].ClippedSums(outputGrads[i], factors));
        return [.. sums];
    }

    /// <summary>‖g_i‖ over all parameters, one per row (tests compare it with a one-row-at-a-time loop).</summary>
    internal Tensor PerRecordNorms(Tensor x, Tensor y, Tensor? classWeights) =>
        SquaredNorms(OutputGradients(x, y, classWeights)).sqrt();

    private IList<Tensor> OutputGradients(Tensor x, Tensor y, Tensor? classWeights)
    {
        var logits = _model.Forward(x);
        // Summed, not averaged, per-record losses: the gradient at each layer's output is then, row by row,
        // each record's own output gradient.
        var total = nn.functional.cross_entropy(logits, y, classWeights, reduction: nn.Reduction.Sum);
        return torch.autograd.grad([total], [.. _model.Layers.Select(l => l.Output)]);
    }

    private Tensor SquaredNorms(IList<Tensor> outputGrads)
    {
        var total = _model.Layers[0].SquaredNorms(outputGrads[0]);
        for (var i = 1; i < _model.Layers.Count; i++) total = total.Plus(_model.Layers[i].SquaredNorms(outputGrads[i]));
        return total;
    }
}
