using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Arcanum.Torch.Synthesis;

/// <summary>
/// CTGAN's residual block: Linear → BatchNorm → ReLU, concatenated with its input. The BatchNorm is
/// <see cref="HeldBatchNorm1d"/>, torch's BatchNorm1d under the same state keys without TorchSharp's temporary Scalars.
/// </summary>
internal sealed class Residual : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc;
    private readonly HeldBatchNorm1d bn;

    public Residual(int inputs, int outputs) : base(nameof(Residual))
    {
        fc = nn.Linear(inputs, outputs);
        bn = new HeldBatchNorm1d(outputs);
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
/// hidden width, then one score. Written as a function of its weights so DP-SGD can run it with per-row
/// copies (the exact reference) or through a <see cref="PerRowTape"/> (<see cref="PrivateRowLosses"/>).
/// Rows never mix in it (no BatchNorm; dropout and LeakyReLU act elementwise), which per-row gradients need.
/// </summary>
internal sealed class CtganCritic : nn.Module
{
    public const double GradientPenaltyWeight = 10;
    private const double Slope = 0.2;
    private const double DropoutRate = 0.5;

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

    /// <summary>Hidden layers, each followed by LeakyReLU and dropout.</summary>
    public int HiddenLayers => layers.Length - 1;

    /// <summary>Width of hidden layer <paramref name="i"/>.</summary>
    public long HiddenWidth(int i) => layers[i].weight!.shape[0];

    /// <summary>The weights in the order <see cref="Score"/> takes them: W0, b0, W1, b1, ...</summary>
    public IReadOnlyList<Parameter> Weights() => layers.SelectMany(l => new[] { l.weight!, l.bias! }).ToArray();

    /// <summary>
    /// Scores of packed rows: input [rows, RowWidth] → [rows / pac, 1]. With <paramref name="masks"/> (one per
    /// hidden layer, already scaled by 1/(1−p)) dropout uses them instead of drawing its own.
    /// </summary>
    public Tensor Score(Tensor rows, IReadOnlyList<Tensor> weights, IReadOnlyList<Tensor>? masks = null)
    {
        var x = rows.reshape(-1, RowWidth * Pac);
        for (var i = 0; i < layers.Length; i++)
        {
            x = Functional.Linear(x, weights[2 * i], weights[2 * i + 1]);
            if (i < layers.Length - 1)
            {
                x = x.leaky_relu(HeldScalars.Of(Slope));
                x = masks is null ? nn.functional.dropout(x, DropoutRate, training) : x * masks[i];
            }
        }
        return x;
    }

    /// <summary>
    /// WGAN-GP on packs: one interpolation weight per pack (drawn unless <paramref name="alpha"/> [packs, 1] is
    /// given); (‖∇‖ − 1)² × 10 per pack, by double backward.
    /// </summary>
    public Tensor GradientPenalty(IReadOnlyList<Tensor> weights, Tensor realInput, Tensor fakeInput, Tensor? alpha = null, IReadOnlyList<Tensor>? masks = null)
    {
        var width = realInput.shape[1];
        var packs = realInput.shape[0] / Pac;
        var weight = (alpha ?? rand(packs, 1, 1, device: realInput.device)).reshape(packs, 1, 1).repeat(1, Pac, width).reshape(realInput.shape);
        var interpolated = (weight * realInput).Plus(HeldScalars.OneMinus(weight) * fakeInput).detach().requires_grad_(true);
        var score = Score(interpolated, weights, masks);
        var gradient = autograd.grad([score.sum()], [interpolated], retain_graph: true, create_graph: true)[0];
        var norm = gradient.reshape(packs, Pac * width).Squared().sum(1).Plus(HeldScalars.Of(1e-12)).sqrt();
        return (norm - HeldScalars.Of(1)).Squared() * HeldScalars.Of(GradientPenaltyWeight);
    }

    /// <summary>
    /// The same per-row loss as <see cref="PrivateRowLosses"/> by ordinary autograd, for weights that may be
    /// per-row copies: the exact reference the tape is held to.
    /// </summary>
    public Tensor RowLosses(IReadOnlyList<Tensor> weights, Tensor real, Tensor fake, CriticNoise noise) =>
        (Score(fake, weights, noise.Fake) - Score(real, weights, noise.Real)).squeeze(1)
            .Plus(GradientPenalty(weights, real, fake, noise.Alpha, noise.Interpolated));

    /// <summary>
    /// DP-SGD's per-row critic loss, pack 1: −D(real) + D(fake) + GP(interpolated), shape [rows], with every
    /// weight used through <paramref name="tape"/>. The penalty's input gradient ∂D/∂x is written out as the
    /// backward chain d_{l−1} = (d_l·W_l) ∘ leaky′(z_{l−1}) ∘ mask (LeakyReLU's derivative is piecewise constant,
    /// so this chain is exactly what double backward differentiates), which lets the tape see the transposed uses.
    /// </summary>
    public Tensor PrivateRowLosses(Tensor real, Tensor fake, CriticNoise noise, PerRowTape tape)
    {
        if (Pac != 1) throw new InvalidOperationException("DP-SGD trains the critic with pack 1.");
        var scores = Traced(fake, noise.Fake, tape) - Traced(real, noise.Real, tape);
        var interpolated = (noise.Alpha * real).Plus(HeldScalars.OneMinus(noise.Alpha) * fake).detach();
        var slopes = new Tensor[HiddenLayers];
        using (no_grad())
        {
            var x = interpolated;
            for (var i = 0; i < HiddenLayers; i++)
            {
                var z = nn.functional.linear(x, layers[i].weight!, layers[i].bias!);
                slopes[i] = where(z > HeldScalars.Of(0), ones_like(z), full_like(z, HeldScalars.Of(Slope)));
                x = z * slopes[i] * noise.Interpolated[i];
            }
        }
        var d = ones(real.shape[0], 1, dtype: real.dtype, device: real.device);
        var v = d;
        for (var i = layers.Length - 1; i >= 0; i--)
        {
            v = tape.LinearTransposed(d, layers[i].weight!);
            if (i > 0) d = v * (slopes[i - 1] * noise.Interpolated[i - 1]);
        }
        var norm = v.Squared().sum(1).Plus(HeldScalars.Of(1e-12)).sqrt();
        return scores.squeeze(1).Plus((norm - HeldScalars.Of(1)).Squared() * HeldScalars.Of(GradientPenaltyWeight));
    }

    private Tensor Traced(Tensor rows, IReadOnlyList<Tensor> masks, PerRowTape tape)
    {
        var x = rows;
        for (var i = 0; i < layers.Length; i++)
        {
            x = tape.Linear(x, layers[i].weight!, layers[i].bias!);
            if (i < layers.Length - 1) x = x.leaky_relu(HeldScalars.Of(Slope)) * masks[i];
        }
        return x;
    }
}

/// <summary>
/// The random parts of one DP critic pass, drawn up front so the tape and the exact reference see the same
/// function: the interpolation weight per row and a dropout mask per hidden layer for the real, fake and
/// interpolated rows (ones in evaluation mode; kept entries scaled by 1/(1−p) as dropout does).
/// </summary>
internal sealed record CriticNoise(Tensor Alpha, Tensor[] Real, Tensor[] Fake, Tensor[] Interpolated)
{
    public static CriticNoise Draw(CtganCritic critic, long rows, Device device)
    {
        Tensor[] Masks() => Enumerable.Range(0, critic.HiddenLayers).Select(i =>
            critic.training
                ? bernoulli(full(rows, critic.HiddenWidth(i), HeldScalars.Of(0.5), device: device)) * HeldScalars.Of(2)
                : ones(rows, critic.HiddenWidth(i), device: device)).ToArray();
        return new CriticNoise(rand(rows, 1, device: device), Masks(), Masks(), Masks());
    }

    /// <summary>Rows [start, start + length), for the per-row-copy reference that runs in chunks.</summary>
    public CriticNoise Narrow(long start, long length) => new(Alpha.narrow(0, start, length),
        [.. Real.Select(m => m.narrow(0, start, length))], [.. Fake.Select(m => m.narrow(0, start, length))],
        [.. Interpolated.Select(m => m.narrow(0, start, length))]);
}
