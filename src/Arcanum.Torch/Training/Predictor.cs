using Arcanum.Core.Learning;
using Arcanum.Core.Weights;
using Arcanum.Torch.Models;
using static TorchSharp.torch;

namespace Arcanum.Torch.Training;

/// <summary>Class probabilities in eval mode under no_grad, in batches, copied back to one row-major array.</summary>
internal static class Predictor
{
    private const int BatchSize = 1024;

    public static float[] Run(ModelSpec spec, ModelWeights weights, TensorDataset data, Device device)
    {
        var result = new float[(long)data.Count * spec.ClassCount];
        if (data.Count == 0) return result;

        using var run = NewDisposeScope();
        using var lease = ModulePool.Rent(spec, device);
        var model = lease.Module;
        ModuleWeights.Load(model, weights);
        model.eval();
        using var noGrad = no_grad();

        long n = data.Count;
        var x = DatasetTensors.Get(data, device).Features;
        for (long offset = 0; offset < n; offset += BatchSize)
        {
            using var batch = NewDisposeScope();
            var size = Math.Min(BatchSize, n - offset);
            var probabilities = nn.functional.softmax(model.forward(x.narrow(0, offset, size)), 1).cpu();
            probabilities.data<float>().CopyTo(result, checked((int)(offset * spec.ClassCount)));
        }
        return result;
    }
}
