using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Arcanum.Torch.Models;

/// <summary>
/// Fully connected layers with ReLU between them: flattened input → hidden sizes → class logits.
/// Keys: <c>fc1.weight</c>, <c>fc1.bias</c>, ..., <c>fc{k+1}.*</c> for k hidden layers (k = 0 is a linear model).
/// </summary>
internal sealed class Mlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear[] layers;

    public Mlp(int inputs, IReadOnlyList<int> hidden, int classes) : base(nameof(Mlp))
    {
        layers = new Linear[hidden.Count + 1];
        var width = inputs;
        for (var i = 0; i < layers.Length; i++)
        {
            var next = i < hidden.Count ? hidden[i] : classes;
            layers[i] = nn.Linear(width, next);
            // Registered by hand because the layer count varies; the names are the checkpoint keys.
            register_module($"fc{i + 1}", layers[i]);
            width = next;
        }
    }

    public override Tensor forward(Tensor input)
    {
        var x = input.flatten(1);
        for (var i = 0; i < layers.Length - 1; i++)
            x = nn.functional.relu(layers[i].forward(x));
        return layers[^1].forward(x);
    }
}
