using Arcanum.Synthesis;
using Arcanum.Torch.Synthesis;
using TorchSharp;
using static TorchSharp.torch;

namespace Arcanum.Torch.Tests.Synthesis;

/// <summary>DP-SGD's per-sample gradients are the ones one-row-at-a-time autograd gives, clipped as the paper says.</summary>
[Collection(TorchRandom.Name)]
public sealed class DpSgdTests
{
    private static (TorchSharp.Modules.Linear Layer, Tensor X, Tensor Y) Problem()
    {
        TorchRuntime.EnsureLoaded();
        // libtorch has one process-wide generator: other test classes draw from it in parallel, under this lock.
        lock (TorchRuntime.RandomLock)
        {
            random.manual_seed(3);
            var layer = nn.Linear(4, 1);
            var x = randn(10, 4) * 3;
            var y = randn(10, 1);
            return (layer, x, y);
        }
    }

    private static Tensor RowLoss(Tensor x, Tensor y, IReadOnlyList<Tensor> w) => (Functional.Linear(x, w[0], w[1]) - y).square().sum(1);

    /// <summary>Σ_i min(1, C/‖g_i‖) g_i, computed row by row with ordinary autograd.</summary>
    private static float[] ReferenceClippedSum(TorchSharp.Modules.Linear layer, Tensor x, Tensor y, double clip)
    {
        var total = new float[5];
        for (var i = 0; i < x.shape[0]; i++)
        {
            layer.zero_grad();
            RowLoss(x.narrow(0, i, 1), y.narrow(0, i, 1), [layer.weight!, layer.bias!]).sum().backward();
            var g = layer.weight!.grad!.reshape(-1).data<float>().ToArray().Concat(layer.bias!.grad!.data<float>().ToArray()).ToArray();
            var norm = Math.Sqrt(g.Sum(v => (double)v * v));
            var factor = Math.Min(1, clip / (norm + 1e-6));
            for (var k = 0; k < 5; k++) total[k] += (float)(g[k] * factor);
        }
        return total;
    }

    [Theory]
    [InlineData(1e6, 3)]   // no clipping bites: the plain sum of gradients
    [InlineData(0.5, 3)]   // every row clipped
    [InlineData(0.5, 64)]  // one chunk
    public void Gradient_without_noise_is_the_clipped_sum_over_the_expected_batch(double clip, int chunk)
    {
        var (layer, x, y) = Problem();
        var dp = new DpSgd([layer.weight!, layer.bias!], new DifferentialPrivacy(1, 1e-5, clip), rows: 20, expectedBatch: 10, noiseMultiplier: 0, chunk);
        var expected = ReferenceClippedSum(layer, x, y, clip).Select(v => v / 10f).ToArray();

        layer.zero_grad();
        dp.ComputeGradients(10, (copies, start, length) => RowLoss(x.narrow(0, start, length), y.narrow(0, start, length), copies).sum());
        var actual = layer.weight!.grad!.reshape(-1).data<float>().ToArray().Concat(layer.bias!.grad!.data<float>().ToArray()).ToArray();

        for (var k = 0; k < 5; k++) Assert.Equal(expected[k], actual[k], 1e-4);
        Assert.Equal(1, dp.Steps);
    }

    [Fact]
    public void Noise_has_the_calibrated_scale()
    {
        var (layer, _, _) = Problem();
        var dp = new DpSgd([layer.weight!, layer.bias!], new DifferentialPrivacy(1, 1e-5, 2.0), rows: 1000, expectedBatch: 100, noiseMultiplier: 1.5, chunk: 8);
        var samples = new List<float>();
        for (var i = 0; i < 200; i++)
        {
            layer.zero_grad();
            dp.ComputeGradients(0, (_, _, _) => throw new InvalidOperationException("no rows"));
            samples.AddRange(layer.weight!.grad!.reshape(-1).data<float>().ToArray());
        }
        // Noise std on the mean gradient: σ·C / (qN) = 1.5 · 2 / 100.
        var std = Math.Sqrt(samples.Average(v => (double)v * v));
        Assert.InRange(std, 0.03 * 0.9, 0.03 * 1.1);
    }

    [Fact]
    public void Calibrated_noise_spends_the_target_epsilon_over_the_planned_steps_and_refuses_more()
    {
        var (layer, x, y) = Problem();
        var dp = new DpSgd([layer.weight!, layer.bias!], new DifferentialPrivacy(2, 1e-5), rows: 10, expectedBatch: 5, plannedSteps: 20);
        var steps = 0;
        while (dp.CanStep() && steps < 100)
        {
            dp.ComputeGradients(5, (copies, start, length) => RowLoss(x.narrow(0, start, length), y.narrow(0, start, length), copies).sum());
            steps++;
        }
        Assert.Equal(20, steps);
        Assert.InRange(dp.Epsilon, 1.95, 2.0);
    }
}
