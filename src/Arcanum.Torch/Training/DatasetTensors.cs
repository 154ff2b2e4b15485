using System.Runtime.CompilerServices;
using Arcanum.Core.Learning;
using static TorchSharp.torch;

namespace Arcanum.Torch.Training;

/// <summary>
/// A dataset's features and labels as tensors, made once per device and kept for as long as the
/// dataset lives. A site trains and evaluates on the same rows every round; copying them into
/// fresh tensors each time cost more than the steps they fed on small models. A dataset handed to
/// a learner is treated as immutable.
/// </summary>
internal static class DatasetTensors
{
    private static readonly ConditionalWeakTable<TensorDataset, Entry> Cache = new();

    public static (Tensor Features, Tensor Labels) Get(TensorDataset data, Device device)
    {
        var entry = Cache.GetValue(data, _ => new Entry());
        lock (entry)
        {
            var key = device.ToString();
            if (!entry.ByDevice.TryGetValue(key, out var pair))
            {
                long n = data.Count;
                // Detached from any dispose scope: these live with the dataset, not with one call.
                var x = tensor(data.Features, [n, .. data.SampleShape.Select(d => (long)d)]).to(device).DetachFromDisposeScope();
                var y = tensor(data.Labels, [n]).to(int64).to(device).DetachFromDisposeScope();
                pair = (x, y);
                entry.ByDevice[key] = pair;
            }
            return pair;
        }
    }

    /// <summary>Tensors per device; finalised (and freed) when their dataset is collected.</summary>
    private sealed class Entry
    {
        public Dictionary<string, (Tensor Features, Tensor Labels)> ByDevice { get; } = new(StringComparer.Ordinal);
    }
}
