using Arcanum.Core.Learning;
using Arcanum.Torch.Models;
using Arcanum.Torch.Training.SampleDp;
using static TorchSharp.torch;

namespace Arcanum.Torch.Tests.Training.SampleDp;

/// <summary>
/// The reference DP-SGD gradients: one record at a time through the module's own forward and ordinary
/// autograd, clipped as Opacus does. Slow, and obviously right.
/// </summary>
internal static class PerRecordLoop
{
    /// <summary>A seeded model, a batch of random records, and the traced view of the model.</summary>
    public static (nn.Module<Tensor, Tensor> Model, TracedModel Traced, Tensor X, Tensor Y) Problem(
        ModelSpec spec, int rows, int seed = 1)
    {
        var model = ModelFactory.Create(spec, seed, CPU);
        var data = Support.Some.Random(rows, spec.InputShape, spec.ClassCount, seed);
        var x = tensor(data.Features, [rows, .. spec.InputShape.Select(d => (long)d)]);
        var y = tensor(data.Labels, [rows]).to(int64);
        return (model, TracedModel.For(spec, model), x, y);
    }

    /// <summary>Each record's gradient, flattened over the traced parameters in order.</summary>
    public static List<float[]> Gradients(
        nn.Module<Tensor, Tensor> model, TracedModel traced, Tensor x, Tensor y, Tensor? classWeights)
    {
        var parameters = traced.Layers.SelectMany(l => l.Parameters).ToList();
        var result = new List<float[]>();
        for (var i = 0; i < x.shape[0]; i++)
        {
            using var scope = NewDisposeScope();
            model.zero_grad();
            var logits = model.forward(x.narrow(0, i, 1));
            var loss = nn.functional.cross_entropy(logits, y.narrow(0, i, 1), classWeights,
                reduction: nn.Reduction.Sum);
            loss.backward();
            result.Add([.. parameters.SelectMany(p => p.grad!.reshape(-1).data<float>().ToArray())]);
        }
        return result;
    }

    public static double Norm(float[] g) => Math.Sqrt(g.Sum(v => (double)v * v));

    /// <summary>Σ_i min(1, C / (‖g_i‖ + 1e-6)) g_i.</summary>
    public static double[] ClippedSum(List<float[]> gradients, double clip)
    {
        var total = new double[gradients[0].Length];
        foreach (var g in gradients)
        {
            var factor = Math.Min(1, clip / (Norm(g) + 1e-6));
            for (var k = 0; k < g.Length; k++) total[k] += g[k] * factor;
        }
        return total;
    }

    public static float[] Flatten(IEnumerable<Tensor> tensors) =>
        [.. tensors.SelectMany(t => t.reshape(-1).data<float>().ToArray())];
}
