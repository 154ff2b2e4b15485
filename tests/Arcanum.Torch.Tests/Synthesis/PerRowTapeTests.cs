using Arcanum.Synthesis;
using Arcanum.Synthesis.Transform;
using Arcanum.Torch.Synthesis;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Arcanum.Torch.Tests.Synthesis;

/// <summary>
/// The batched per-row gradients (one pass through a <see cref="PerRowTape"/>) give the same clipped sum as the
/// exact method with one copy of the weights per row, for the networks DP-SGD trains: CTGAN's critic with its
/// gradient penalty and dropout, and TVAE's encoder and decoder with their learned σ.
/// </summary>
[Collection(TorchRandom.Name)]
public sealed class PerRowTapeTests
{
    private const int Rows = 12;

    private static float[] Gradients(IReadOnlyList<Parameter> parameters) =>
        [.. parameters.SelectMany(p => p.grad!.reshape(-1).data<float>().ToArray())];

    /// <summary>Runs both methods with noise 0 and returns (exact, tape) gradients, each the clipped sum over the expected batch.</summary>
    private static (float[] Exact, float[] Tape) Both(IReadOnlyList<Parameter> parameters, double clip,
        Func<IReadOnlyList<Tensor>, int, int, Tensor> exact, Func<PerRowTape, Tensor> tape)
    {
        var dp = new DpSgd(parameters, new DifferentialPrivacy(1, 1e-5, clip), rows: 2 * Rows, expectedBatch: Rows, noiseMultiplier: 0, chunk: 5);
        foreach (var p in parameters) p.grad?.zero_();
        dp.ComputeGradients(Rows, exact);
        var reference = Gradients(parameters);
        foreach (var p in parameters) p.grad!.zero_();
        dp.ComputeGradients(Rows, tape);
        return (reference, Gradients(parameters));
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var scale = Math.Max(1, expected.Max(v => Math.Abs(v)));
        for (var k = 0; k < expected.Length; k++)
            Assert.True(Math.Abs(expected[k] - actual[k]) <= 1e-5 * scale, $"coordinate {k}: exact {expected[k]}, tape {actual[k]}");
    }

    [Theory]
    [InlineData(1e6)]  // no clipping bites: the plain sum of per-row gradients
    [InlineData(0.05)] // every row clipped
    public void Critic_with_gradient_penalty_and_dropout_matches_the_per_row_copies(double clip)
    {
        TorchRuntime.EnsureLoaded();
        lock (TorchRuntime.RandomLock)
        {
            random.manual_seed(7);
            using var critic = new CtganCritic(rowWidth: 5, pac: 1, hidden: [6, 4]);
            critic.train();
            var real = randn(Rows, 5);
            var fake = randn(Rows, 5);
            var noise = CriticNoise.Draw(critic, Rows, CPU);
            Assert.Contains(0f, noise.Real[0].reshape(-1).data<float>().ToArray()); // dropout is on

            var weights = critic.Weights();
            var (exact, tape) = Both(weights, clip,
                (copies, start, length) => critic.RowLosses(copies, real.narrow(0, start, length), fake.narrow(0, start, length), noise.Narrow(start, length)).sum(),
                t => critic.PrivateRowLosses(real, fake, noise, t).sum());

            AssertClose(exact, tape);
        }
    }

    [Fact]
    public void Critic_tape_loss_is_the_autograd_loss()
    {
        TorchRuntime.EnsureLoaded();
        lock (TorchRuntime.RandomLock)
        {
            random.manual_seed(8);
            using var critic = new CtganCritic(rowWidth: 4, pac: 1, hidden: [5, 3]);
            var real = randn(Rows, 4);
            var fake = randn(Rows, 4);
            var noise = CriticNoise.Draw(critic, Rows, CPU);
            var expected = critic.RowLosses(critic.Weights(), real, fake, noise).detach().data<float>().ToArray();
            var actual = critic.PrivateRowLosses(real, fake, noise, new PerRowTape(critic.Weights(), Rows)).detach().data<float>().ToArray();
            AssertClose(expected, actual);
        }
    }

    [Theory]
    [InlineData(1e6)]
    [InlineData(0.5)]
    public void Tvae_encoder_decoder_and_sigma_match_the_per_row_copies(double clip)
    {
        TorchRuntime.EnsureLoaded();
        lock (TorchRuntime.RandomLock)
        {
            random.manual_seed(9);
            // α, a 3-level span, α, a 2-level span; one 2-slot condition.
            OutputSpan[] spans = [new(0, 1, SpanActivation.Tanh), new(1, 3, SpanActivation.Softmax), new(4, 1, SpanActivation.Tanh), new(5, 2, SpanActivation.Softmax)];
            using var network = new TvaeNetwork(dataWidth: 7, conditionWidth: 2);
            var x = cat([rand(Rows, 1) * 2 - 1, nn.functional.one_hot(randint(3, Rows), 3).to(ScalarType.Float32),
                rand(Rows, 1) * 2 - 1, nn.functional.one_hot(randint(2, Rows), 2).to(ScalarType.Float32)], 1);
            var condition = nn.functional.one_hot(randint(2, Rows), 2).to(ScalarType.Float32);
            var noise = randn(Rows, TvaeNetwork.Embedding);
            var alpha = tensor(new long[] { 0, 4 });

            var (exact, tape) = Both(network.Weights(), clip,
                (copies, start, length) => network.RowLosses(x.narrow(0, start, length), condition.narrow(0, start, length), noise.narrow(0, start, length), copies, spans, alpha).sum(),
                t => network.RowLosses(x, condition, noise, t, spans, alpha).sum());

            AssertClose(exact, tape);
            // σ of the softmax columns never enters the loss: no gradient there but noise (here none).
            Assert.Equal(0f, network.Sigma.grad!.data<float>()[1]);
        }
    }

    [Fact]
    public void A_parameter_the_pass_does_not_use_is_refused()
    {
        TorchRuntime.EnsureLoaded();
        using var first = nn.Linear(3, 2);
        using var second = nn.Linear(2, 1);
        var tape = new PerRowTape([first.weight!, first.bias!, second.weight!, second.bias!], 4);
        var total = tape.Linear(ones(4, 3), first.weight!, first.bias!).sum();
        var error = Assert.Throws<InvalidOperationException>(() => tape.ClippedSums(total, 1.0));
        Assert.Contains("not used through the per-row tape", error.Message);
    }
}
