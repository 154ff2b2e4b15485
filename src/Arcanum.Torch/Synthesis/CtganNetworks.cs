using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Arcanum.Torch.Synthesis;

/// <summary>CTGAN's residual block: Linear → BatchNorm → ReLU, concatenated with its input.</summary>
internal sealed class Residual : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc;
    private readonly BatchNorm1d bn;

    public Residual(int inputs, int outputs) : base(nameof(Residual))
    {
        fc = nn.Linear(inputs, outputs);
        bn = nn.BatchNorm1d(outputs);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => cat([nn.functional.relu(bn.forward(fc.forward(input))), input], 1);
}

/// <summary>z ⊕ condition → residual blocks → one linear layer to the transformer's width (raw, before activations).</summary>
internal sealed class CtganGenerator : nn.Module<Tensor, Tensor>
{
    private readonly Sequential body;

    public CtganGenerator(int inputs, IReadOnlyList<int> hidden, int outputs) : base(nameof(CtganGenerator))
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        var width = inputs;
        for (var i = 0; i < hidden.Count; i++)
        {
            layers.Add(($"res{i}", new Residual(width, hidden[i])));
            width += hidden[i];
        }
        layers.Add(("out", nn.Linear(width, outputs)));
        body = nn.Sequential(layers);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => body.forward(input);
}

/// <summary>
/// The PacGAN critic: <c>pac</c> rows packed into one input, [Linear → LeakyReLU(0.2) → Dropout(0.5)] per
/// hidden width, then one score. Written as a function of its weights so DP-SGD can run it with per-row copies.
/// </summary>
internal sealed class CtganCritic : nn.Module
{
    private readonly Linear[] layers;

    public CtganCritic(int rowWidth, int pac, IReadOnlyList<int> hidden) : base(nameof(CtganCritic))
    {
        Pac = pac;
        RowWidth = rowWidth;
        layers = new Linear[hidden.Count + 1];
        var width = rowWidth * pac;
        for (var i = 0; i < layers.Length; i++)
        {
            var next = i < hidden.Count ? hidden[i] : 1;
            layers[i] = nn.Linear(width, next);
            register_module($"fc{i}", layers[i]);
            width = next;
        }
    }

    public int Pac { get; }

    public int RowWidth { get; }

    /// <summary>The weights in the order <see cref="Score"/> takes them: W0, b0, W1, b1, ...</summary>
    public IReadOnlyList<Parameter> Weights() => layers.SelectMany(l => new[] { l.weight!, l.bias! }).ToArray();

    /// <summary>Scores of packed rows: input [rows, RowWidth] → [rows / pac, 1].</summary>
    public Tensor Score(Tensor rows, IReadOnlyList<Tensor> weights)
    {
        var x = rows.reshape(-1, RowWidth * Pac);
        for (var i = 0; i < layers.Length; i++)
        {
            x = Functional.Linear(x, weights[2 * i], weights[2 * i + 1]);
            if (i < layers.Length - 1)
                x = nn.functional.dropout(nn.functional.leaky_relu(x, 0.2), 0.5, training);
        }
        return x;
    }
}
