using Arcanum.Core.Learning;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Arcanum.Torch.Training.SampleDp;

/// <summary>
/// A federated model's forward pass with every parameterised layer wrapped in a <see cref="PerSampleLayer"/>.
/// TorchSharp fires module hooks only from <c>call</c>, and our modules call their layers' <c>forward</c>, so
/// the pass is restated here per <see cref="ModelKind"/> from the module's own layers (same weights, same
/// function; a test compares it with the module's forward). A model with a layer that mixes records
/// (BatchNorm) or that this pass does not know is refused: its gradients could not be clipped per record.
/// </summary>
internal sealed class TracedModel
{
    private readonly ModelKind _kind;
    private readonly PerSampleLayer[] _layers;

    private TracedModel(ModelKind kind, PerSampleLayer[] layers)
    {
        _kind = kind;
        _layers = layers;
    }

    public IReadOnlyList<PerSampleLayer> Layers => _layers;

    public static TracedModel For(ModelSpec spec, nn.Module module)
    {
        EnsureSupported(module);
        var children = module.named_children().ToDictionary(c => c.name, c => c.module, StringComparer.Ordinal);
        string[] names = spec.Kind switch
        {
            ModelKind.LogisticRegression => ["fc"],
            ModelKind.Mlp => [.. Enumerable.Range(1, spec.HiddenSizes.Length + 1).Select(i => $"fc{i}")],
            ModelKind.Cnn => ["conv1", "conv2", "fc1", "fc2"],
            _ => throw new NotSupportedException($"DP-SGD has no per-record gradients for model kind {spec.Kind}."),
        };
        var layers = names.Select(name => Wrap(name, children.GetValueOrDefault(name), module)).ToArray();
        var covered = layers.SelectMany(l =>
            l.Parameters.Count == 2 ? [$"{l.Name}.weight", $"{l.Name}.bias"] : new[] { $"{l.Name}.weight" });
        var missing = module.named_parameters().Select(p => p.name).Except(covered, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
            throw new NotSupportedException(
                $"DP-SGD cannot clip the gradients of {string.Join(", ", missing)} in {module.GetType().Name}: " +
                "its per-record pass does not know them.");
        return new TracedModel(spec.Kind, layers);
    }

    /// <summary>Refuses layers other than Linear and Conv2d that hold parameters or buffers, naming one.</summary>
    public static void EnsureSupported(nn.Module module)
    {
        foreach (var (name, child) in module.named_modules())
        {
            if (child is Linear or Conv2d) continue;
            var holdsState = child.named_parameters(recurse: false).Any() || child.named_buffers(recurse: false).Any();
            if (!holdsState) continue;
            var what = string.IsNullOrEmpty(name) ? module.GetType().Name : $"'{name}' ({child.GetType().Name})";
            var why = child.GetType().Name.Contains("BatchNorm", StringComparison.Ordinal)
                ? " BatchNorm mixes the records of a batch, so no record's gradient is its own; " +
                  "use GroupNorm or LayerNorm."
                : " Only Linear and Conv2d layers (and parameter-free operations) are supported.";
            throw new NotSupportedException(
                $"Sample-level DP-SGD cannot compute per-record gradients for layer {what}.{why}");
        }
    }

    /// <summary>Logits for <paramref name="x"/>; each layer keeps its input and output for the backward pass.</summary>
    public Tensor Forward(Tensor x)
    {
        foreach (var layer in _layers) layer.Reset();
        switch (_kind)
        {
            case ModelKind.Cnn:
                var h = nn.functional.max_pool2d(nn.functional.relu(_layers[0].Forward(x)), 2);
                h = nn.functional.max_pool2d(nn.functional.relu(_layers[1].Forward(h)), 2);
                h = nn.functional.relu(_layers[2].Forward(h.flatten(1)));
                return _layers[3].Forward(h);
            default:
                // LogisticRegression is the one-layer case of the MLP.
                var a = x.flatten(1);
                for (var i = 0; i < _layers.Length - 1; i++) a = nn.functional.relu(_layers[i].Forward(a));
                return _layers[^1].Forward(a);
        }
    }

    private static PerSampleLayer Wrap(string name, nn.Module? child, nn.Module model) => child switch
    {
        Linear linear => new PerSampleLinear(name, linear),
        Conv2d conv => new PerSampleConv2d(name, conv),
        _ => throw new NotSupportedException(
            $"DP-SGD expected a Linear or Conv2d layer '{name}' in {model.GetType().Name}; " +
            $"found {child?.GetType().Name ?? "none"}."),
    };
}
