using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Arcanum.Torch.Models;

/// <summary>One linear layer from the flattened input to class logits. Keys: <c>fc.weight</c>, <c>fc.bias</c>.</summary>
internal sealed class LogisticRegression : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc;

    public LogisticRegression(int inputs, int classes) : base(nameof(LogisticRegression))
    {
        fc = nn.Linear(inputs, classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => fc.forward(input.flatten(1));
}
