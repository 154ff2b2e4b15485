using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Arcanum.Torch.Training.SampleDp;

/// <summary>
/// A layer whose per-record gradients can be had from one batched forward and backward pass: it remembers
/// its input on the way forward; given the gradient of the summed per-record losses with respect to its
/// output (which, row by row, is each record's own output gradient, because records do not mix), it
/// computes each record's squared gradient norm and the sum of the clipped per-record gradients.
/// </summary>
internal abstract class PerSampleLayer(string name)
{
    private Tensor? _input;
    private Tensor? _output;

    /// <summary>The module's name in the model (its checkpoint prefix).</summary>
    public string Name { get; } = name;

    /// <summary>The layer's trainable parameters, in the order <see cref="ClippedSums"/> returns them.</summary>
    public abstract IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The output of the last <see cref="Forward"/>, for autograd to differentiate against.</summary>
    public Tensor Output => _output ?? throw new InvalidOperationException($"Layer '{Name}' has not run forward.");

    protected Tensor Input => _input ?? throw new InvalidOperationException($"Layer '{Name}' has not run forward.");

    /// <summary>
    /// Runs the layer and keeps its input and output; a second call before <see cref="Reset"/> is refused.
    /// </summary>
    public Tensor Forward(Tensor input)
    {
        // A layer applied twice would need its two contributions summed per record before the norm.
        if (_output is not null)
            throw new NotSupportedException(
                $"Layer '{Name}' runs more than once per pass; " +
                "DP-SGD's per-record gradients do not support shared weights.");
        _input = input.detach();
        _output = Apply(input);
        return _output;
    }

    /// <summary>Forgets the last pass, so the layer can run again.</summary>
    public void Reset()
    {
        _input = null;
        _output = null;
        OnReset();
    }

    /// <summary>‖∂ℓ_i/∂θ‖² over this layer's parameters, one value per record: shape [B].</summary>
    public abstract Tensor SquaredNorms(Tensor outputGrad);

    /// <summary>Σ_i factor_i · ∂ℓ_i/∂θ per parameter (parameter-shaped), after <see cref="SquaredNorms"/>.</summary>
    public abstract IReadOnlyList<Tensor> ClippedSums(Tensor outputGrad, Tensor factors);

    protected abstract Tensor Apply(Tensor input);

    protected virtual void OnReset() { }
}
