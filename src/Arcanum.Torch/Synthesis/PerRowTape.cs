using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Arcanum.Torch.Synthesis;

/// <summary>
/// Per-row clipped gradients from one batched pass, for networks whose rows never mix (Linear layers and
/// elementwise operations; no BatchNorm). The network runs its weights through the tape, which records every
/// use; one backward pass of the summed per-row losses to the recorded outputs then gives, row by row, each
/// row's own output gradients, from which the per-row weight gradients follow without a per-row copy.
/// A weight used K times in row i's loss (CTGAN's critic uses each weight on the real row, the fake row and,
/// transposed, in the gradient penalty's input gradient) has the per-row gradient G_i = Σ_k p_ki ⊗ q_ki, whose
/// squared norm is Σ_k Σ_k' (p_ki·p_k'i)(q_ki·q_k'i) (the ghost norm of Goodfellow 2015 / Li et al. 2022,
/// generalised to several uses), so G_i is never materialised; the clipped sum Σ_i f_i G_i is K matrix products.
/// </summary>
internal sealed class PerRowTape
{
    private readonly IReadOnlyList<Parameter> _parameters;
    private readonly Dictionary<IntPtr, int> _index = [];
    private readonly List<Use> _uses = [];
    private readonly long _rows;

    /// <summary>
    /// Kind Forward, z = a·Wᵀ + b (P = ∂L/∂z, Q = a); Transposed, v = d·W (P = d,
    /// Q = ∂L/∂v); Rows, a per-row copy R of a parameter (gradient ∂L/∂R row by row).
    /// </summary>
    private sealed record Use(UseKind Kind, int Parameter, int Bias, Tensor Value, Tensor Output);

    private enum UseKind { Forward, Transposed, Rows }

    public PerRowTape(IReadOnlyList<Parameter> parameters, long rows)
    {
        _parameters = parameters;
        _rows = rows;
        for (var i = 0; i < parameters.Count; i++) _index[parameters[i].Handle] = i;
    }

    /// <summary>Rows in the pass.</summary>
    public long Rows => _rows;

    /// <summary>a·Wᵀ + b for a of shape [rows, in].</summary>
    public Tensor Linear(Tensor a, Parameter weight, Parameter bias)
    {
        var z = nn.functional.linear(a, weight, bias);
        _uses.Add(new Use(UseKind.Forward, IndexOf(weight), IndexOf(bias), a.detach(), z));
        return z;
    }

    /// <summary>d·W for d of shape [rows, out]: the step of a hand-written input gradient through a linear layer.</summary>
    public Tensor LinearTransposed(Tensor d, Parameter weight)
    {
        var v = d.matmul(weight);
        _uses.Add(new Use(UseKind.Transposed, IndexOf(weight), -1, d.detach(), v));
        return v;
    }

    /// <summary>The parameter repeated once per row, for elementwise use; each row's gradient lands in its own copy.</summary>
    public Tensor PerRow(Parameter parameter)
    {
        var copies = parameter.unsqueeze(0).repeat([_rows, .. Enumerable.Repeat(1L, (int)parameter.dim())]);
        _uses.Add(new Use(UseKind.Rows, IndexOf(parameter), -1, copies, copies));
        return copies;
    }

    /// <summary>
    /// Σ_i min(1, clip / (‖g_i‖ + 1e-6)) g_i for every parameter, g_i row i's gradient of <paramref name="total"/>
    /// (the sum of per-row losses) over all parameters together.
    /// </summary>
    /// <exception cref="InvalidOperationException">A parameter was not used through the tape.</exception>
    public Tensor[] ClippedSums(Tensor total, double clip)
    {
        var used = _uses.Select(u => u.Parameter).Concat(_uses.Select(u => u.Bias)).ToHashSet();
        var missing = Enumerable.Range(0, _parameters.Count).Where(p => !used.Contains(p)).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException($"Parameters {string.Join(", ", missing)} were not used through the per-row tape, so their gradients could not be clipped per row.");
        var grads = autograd.grad([total], [.. _uses.Select(u => u.Output)], allow_unused: true);
        var weightTerms = new List<(Tensor P, Tensor Q)>[_parameters.Count];
        var biasTerms = new Tensor?[_parameters.Count];
        var rowTerms = new Tensor?[_parameters.Count];
        for (var k = 0; k < _uses.Count; k++)
        {
            var use = _uses[k];
            var g = grads[k] is { } t && !t.IsInvalid ? t : zeros_like(use.Output);
            switch (use.Kind)
            {
                case UseKind.Forward:
                    (weightTerms[use.Parameter] ??= []).Add((g, use.Value));
                    biasTerms[use.Bias] = biasTerms[use.Bias] is { } b ? b.Plus(g) : g;
                    break;
                case UseKind.Transposed:
                    (weightTerms[use.Parameter] ??= []).Add((use.Value, g));
                    break;
                default:
                    rowTerms[use.Parameter] = rowTerms[use.Parameter] is { } r ? r.Plus(g) : g;
                    break;
            }
        }

        var squared = zeros(_rows, dtype: total.dtype, device: total.device);
        for (var p = 0; p < _parameters.Count; p++)
        {
            if (weightTerms[p] is { } terms)
            {
                for (var k = 0; k < terms.Count; k++)
                {
                    for (var l = k; l < terms.Count; l++)
                    {
                        var product = (terms[k].P * terms[l].P).sum(1) * (terms[k].Q * terms[l].Q).sum(1);
                        squared = squared.Plus(k == l ? product : HeldScalars.Of(2) * product);
                    }
                }
            }
            if (biasTerms[p] is { } bias) squared = squared.Plus(bias.Squared().sum(1));
            if (rowTerms[p] is { } rows) squared = squared.Plus(rows.reshape(_rows, -1).Squared().sum(1));
        }
        using var clipScalar = clip.ToScalar();
        var factors = (clipScalar / squared.sqrt().Plus(HeldScalars.Of(1e-6))).clamp_max(HeldScalars.Of(1)).detach();

        var sums = new Tensor[_parameters.Count];
        for (var p = 0; p < _parameters.Count; p++)
        {
            if (weightTerms[p] is { } terms)
                sums[p] = terms.Select(t => (t.P * factors.unsqueeze(1)).t().mm(t.Q)).Aggregate((x, y) => x.Plus(y));
            else if (biasTerms[p] is { } bias)
                sums[p] = (bias * factors.unsqueeze(1)).sum(dim: 0);
            else
                sums[p] = (rowTerms[p]! * factors.reshape([_rows, .. Enumerable.Repeat(1L, (int)_parameters[p].dim())])).sum(dim: 0);
        }
        return sums;
    }

    private int IndexOf(Parameter parameter) =>
        _index.TryGetValue(parameter.Handle, out var i)
            ? i
            : throw new InvalidOperationException("A parameter outside the DP-SGD parameter list was used through the per-row tape.");
}
