using Arcanum.Synthesis.Transform;
using static TorchSharp.torch;

namespace Arcanum.Torch.Synthesis;

/// <summary>Layers written as functions of their weights, so the same network runs with shared weights or with one copy per sample (DP-SGD).</summary>
internal static class Functional
{
    /// <summary>x·Wᵀ + b. With per-sample weights (W [B, out, in], b [B, out]) each row uses its own copy.</summary>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor bias) =>
        weight.dim() == 3
            ? bmm(weight, x.unsqueeze(2)).squeeze(2).Plus(bias)
            : nn.functional.linear(x, weight, bias);

    /// <summary>
    /// CTGAN's output activations: tanh on α columns, Gumbel-softmax (τ = 0.2) on every softmax span.
    /// </summary>
    public static Tensor ApplyActivations(Tensor raw, IReadOnlyList<OutputSpan> spans, double tau = 0.2)
    {
        var parts = new List<Tensor>(spans.Count);
        foreach (var span in spans)
        {
            var slice = raw.narrow(1, span.Start, span.Size);
            parts.Add(span.Activation == SpanActivation.Tanh ? slice.tanh() : GumbelSoftmax(slice, tau));
        }
        return cat(parts, 1);
    }

    public static Tensor GumbelSoftmax(Tensor logits, double tau)
    {
        var uniform = rand_like(logits).clamp(HeldScalars.Of(1e-10), HeldScalars.Of(1 - 1e-7));
        var gumbel = -(-uniform.log()).log();
        return nn.functional.softmax(logits.Plus(gumbel) / HeldScalars.Of(tau), 1);
    }

    /// <summary>Σ over softmax spans named by the condition: cross-entropy of the raw logits against the conditioned slot, per row.</summary>
    public static Tensor ConditionLoss(Tensor raw, ConditionVectors conditions, Tensor condition)
    {
        Tensor? total = null;
        for (var j = 0; j < conditions.Columns.Count; j++)
        {
            var column = conditions.Columns[j];
            var target = condition.narrow(1, conditions.Offsets[j], column.Slots);
            var logits = raw.narrow(1, column.SoftmaxStart, column.Slots);
            // Rows conditioned on another column have an all-zero target here and contribute nothing.
            var ce = -(target * nn.functional.log_softmax(logits, 1)).sum(1);
            total = total is null ? ce : total.Plus(ce);
        }
        return total ?? zeros(raw.shape[0], device: raw.device);
    }
}
