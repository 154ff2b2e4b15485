using Arcanum.Torch.Synthesis;
using TorchSharp;
using static TorchSharp.torch;

namespace Arcanum.Torch.Tests.Synthesis;

/// <summary>
/// <see cref="HeldBatchNorm1d"/> stands in for TorchSharp's <c>nn.BatchNorm1d</c> in CTGAN's generator: the same
/// outputs, gradients and running statistics step by step, and the same state keys, so generators saved before
/// the swap load and sample as they did.
/// </summary>
[Collection(TorchRandom.Name)]
public sealed class HeldBatchNorm1dTests
{
    private const int Features = 3;

    private static float[] Values(Tensor t) => t.detach().to(ScalarType.Float32).reshape(-1).data<float>().ToArray();

    [Fact]
    public void Forward_TrainingStepsThenEvaluation_MatchesTorchBatchNorm1d()
    {
        TorchRuntime.EnsureLoaded();
        lock (TorchRuntime.RandomLock)
        {
            // Given torch's module and ours with the same learned scale and shift (not the 1 and 0 they start at)
            random.manual_seed(3);
            using var torchs = nn.BatchNorm1d(Features);
            using var ours = new HeldBatchNorm1d(Features);
            using (no_grad())
            {
                var scale = rand(Features).Plus(HeldScalars.Of(0.5));
                var shift = randn(Features);
                torchs.weight.copy_(scale);
                torchs.bias!.copy_(shift);
                ours.state_dict()["weight"].copy_(scale);
                ours.state_dict()["bias"].copy_(shift);
            }

            // When both see the same training batches, shifted and scaled so the running statistics move
            for (var step = 0; step < 4; step++)
            {
                var batch = randn(8, Features).mul(HeldScalars.Of(3)).Plus(HeldScalars.Of(step));
                var loss = randn(8, Features); // a weighted sum: a plain sum of normalised rows has no input gradient
                var theirInput = batch.detach().requires_grad_(true);
                var ourInput = batch.detach().requires_grad_(true);
                var expected = torchs.forward(theirInput);
                var actual = ours.forward(ourInput);
                expected.mul(loss).sum().backward();
                actual.mul(loss).sum().backward();

                // Then each step's output and gradients are the same
                Assert.Equal(Values(expected), Values(actual));
                Assert.Equal(Values(theirInput.grad!), Values(ourInput.grad!));
            }
            Assert.Equal(Values(torchs.weight.grad!), Values(ours.parameters().First().grad!));

            // And so are the running statistics and the batch count
            var theirs = torchs.state_dict();
            var mine = ours.state_dict();
            Assert.Equal(4L, theirs["num_batches_tracked"].item<long>());
            Assert.Equal(4L, mine["num_batches_tracked"].item<long>());
            Assert.Equal(Values(theirs["running_mean"]), Values(mine["running_mean"]));
            Assert.Equal(Values(theirs["running_var"]), Values(mine["running_var"]));

            // And evaluation normalises with them alike
            torchs.eval();
            ours.eval();
            var rows = randn(5, Features);
            Assert.Equal(Values(torchs.forward(rows)), Values(ours.forward(rows)));
            Assert.Equal(4L, mine["num_batches_tracked"].item<long>());
        }
    }

    [Fact]
    public void StateDict_KeysAndTypes_AreTorchBatchNorm1ds()
    {
        TorchRuntime.EnsureLoaded();
        using var torchs = nn.BatchNorm1d(Features);
        using var ours = new HeldBatchNorm1d(Features);

        var expected = torchs.state_dict();
        var actual = ours.state_dict();

        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (name, tensor) in expected)
        {
            Assert.Equal(tensor.dtype, actual[name].dtype);
            Assert.Equal(tensor.shape, actual[name].shape);
            Assert.Equal(Values(tensor), Values(actual[name]));
        }
        Assert.Equal(new[] { "weight", "bias" }, ours.named_parameters().Select(p => p.name));
    }

    [Fact]
    public void Forward_AfterConversion_UsesTheConvertedState()
    {
        // to(device) and to(dtype) replace the tensors, and forward must read the new ones: CTGAN moves its
        // generator to CUDA, which a test machine may not have; a dtype conversion replaces them too
        TorchRuntime.EnsureLoaded();
        using var ours = new HeldBatchNorm1d(Features);
        ours.to(ScalarType.Float64);
        ours.train();

        var output = ours.forward(ones(4, Features, dtype: ScalarType.Float64).cumsum(0));

        Assert.Equal(ScalarType.Float64, output.dtype);
        var state = ours.state_dict();
        Assert.Equal(ScalarType.Float64, state["running_mean"].dtype);
        Assert.Equal(Enumerable.Repeat(0.25f, Features), Values(state["running_mean"])); // 0.1 × the batch mean 2.5
        Assert.Equal(1L, state["num_batches_tracked"].item<long>());
    }
}
