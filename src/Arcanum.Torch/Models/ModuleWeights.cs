using Arcanum.Core.Weights;
using static TorchSharp.torch;

namespace Arcanum.Torch.Models;

/// <summary>
/// Converts a module's state (parameters and buffers, in module order) to and from
/// <see cref="ModelWeights"/>: float32 arrays whose names are the state keys (e.g. <c>fc1.weight</c>).
/// </summary>
public static class ModuleWeights
{
    /// <summary>
    /// A copy of the module's state as named CPU arrays, written into the arrays of <paramref name="into"/> where one has the
    /// same name and shape (a fresh model-sized array costs its page faults every round), into fresh arrays otherwise.
    /// </summary>
    public static ModelWeights ToWeights(nn.Module module, ModelWeights? into = null)
    {
        TorchRuntime.EnsureLoaded();
        ArgumentNullException.ThrowIfNull(module);
        using var scope = NewDisposeScope();
        var arrays = new List<NamedArray>();
        foreach (var (name, tensor) in module.state_dict())
        {
            int[] shape = [.. tensor.shape.Select(d => checked((int)d))];
            if (into is not null && into.Contains(name) && into[name] is var spare && spare.Shape.AsSpan().SequenceEqual(shape))
            {
                HostFloats.CopyTo(tensor, spare.Data);
                arrays.Add(new NamedArray(name, shape, spare.Data));
            }
            else arrays.Add(new NamedArray(name, shape, HostFloats.ToArray(tensor)));
        }
        return new ModelWeights(arrays);
    }

    /// <summary>
    /// Copies <paramref name="weights"/> into the module. The names, order and shapes must match the
    /// module's state exactly; otherwise an <see cref="ArgumentException"/> names the offending array.
    /// </summary>
    public static void Load(nn.Module module, ModelWeights weights, string what = "weights")
    {
        TorchRuntime.EnsureLoaded();
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(weights);
        var state = module.state_dict();
        EnsureMatches(state, weights, what);
        foreach (var array in weights.Arrays)
            HostFloats.CopyInto(array.Data, state[array.Name], ToLong(array.Shape));
    }

    /// <summary>
    /// Uploads <paramref name="weights"/> as tensors on <paramref name="device"/>, by name. The caller's
    /// dispose scope owns them.
    /// </summary>
    internal static Dictionary<string, Tensor> ToTensors(ModelWeights weights, Device device)
    {
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var array in weights.Arrays)
        {
            var host = tensor(array.Data, ToLong(array.Shape));
            result[array.Name] = host.to(device, copy: true);
        }
        return result;
    }

    internal static void EnsureMatches(IReadOnlyDictionary<string, Tensor> state, ModelWeights weights, string what)
    {
        foreach (var array in weights.Arrays)
        {
            if (!state.TryGetValue(array.Name, out var target))
                throw new ArgumentException($"The {what} have an array '{array.Name}' that the model does not have. The model's arrays: {string.Join(", ", state.Keys)}.");
            if (!target.shape.AsSpan().SequenceEqual(ToLong(array.Shape)))
                throw new ArgumentException($"The {what} array '{array.Name}' has shape [{string.Join("x", array.Shape)}], but the model expects [{string.Join("x", target.shape)}].");
        }
        var missing = state.Keys.Where(k => !weights.Contains(k)).ToList();
        if (missing.Count > 0)
            throw new ArgumentException($"The {what} lack the model's array{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing.Select(m => $"'{m}'"))}.");
    }

    private static long[] ToLong(int[] shape) => [.. shape.Select(d => (long)d)];
}
