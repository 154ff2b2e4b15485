using Arcanum.Torch.Tests.Synthesis;
using static TorchSharp.torch;

namespace Arcanum.Torch.Tests;

/// <summary>
/// The Adam whose Scalars stay reachable takes the steps TorchSharp's Adam and AdamW take, and keeps its state in
/// TorchSharp's Adam file format (the image GAN's checkpoints).
/// </summary>
[Collection(TorchRandom.Name)]
public sealed class RootedAdamTests
{
    [Fact]
    public void Step_WithWeightDecay_MatchesTorchSharpAdam()
    {
        // Given two copies of one layer and one loss
        TorchRuntime.EnsureLoaded();
        TorchSharp.Modules.Linear ours, theirs;
        Tensor x;
        lock (TorchRuntime.RandomLock)
        {
            TorchSharp.torch.random.manual_seed(5);
            ours = nn.Linear(6, 3);
            theirs = nn.Linear(6, 3);
            theirs.load_state_dict(ours.state_dict());
            x = randn(20, 6);
        }
        using var rooted = new RootedAdam(ours.parameters(), 2e-4, 0.5, 0.9, weightDecay: 1e-6);
        using var reference = optim.Adam(theirs.parameters(), 2e-4, 0.5, 0.9, weight_decay: 1e-6);

        // When both take five steps on the same loss
        for (var step = 0; step < 5; step++)
        {
            using var scope = NewDisposeScope();
            rooted.ZeroGrad();
            ours.forward(x).square().sum().backward();
            rooted.Step();
            reference.zero_grad();
            theirs.forward(x).square().sum().backward();
            reference.step();
        }

        // Then the weights agree to float rounding
        Assert.True(ours.weight!.allclose(theirs.weight!, rtol: 1e-6, atol: 1e-7), "weights differ");
        Assert.True(ours.bias!.allclose(theirs.bias!, rtol: 1e-6, atol: 1e-7), "biases differ");
        Assert.False(ours.weight!.allclose(ours.weight!.detach().clone().zero_()), "no step was taken");
    }

    [Fact]
    public void Step_WithDecoupledDecay_MatchesTorchSharpAdamW()
    {
        // Given two copies of one layer, and the note model's AdamW settings with a rate that changes between steps
        var (ours, theirs, x) = TwinLayers(seed: 6);
        using var rooted = new RootedAdam(ours.parameters(), 1e-3, 0.9, 0.95, 1e-8, weightDecay: 0.1, decoupledDecay: true);
        using var reference = optim.AdamW(theirs.parameters(), 1e-3, 0.9, 0.95, 1e-8, 0.1);

        // When both take five steps on the same loss
        for (var step = 1; step <= 5; step++)
        {
            rooted.Rate = 1e-3 * step;
            foreach (var group in reference.ParamGroups) group.LearningRate = 1e-3 * step;
            TakeStep(ours, x, rooted.ZeroGrad, rooted.Step);
            TakeStep(theirs, x, reference.zero_grad, () => reference.step());
        }

        // Then the weights agree to float rounding
        Assert.True(ours.weight!.allclose(theirs.weight!, rtol: 1e-6, atol: 1e-7), "weights differ");
        Assert.True(ours.bias!.allclose(theirs.bias!, rtol: 1e-6, atol: 1e-7), "biases differ");
    }

    [Fact]
    public void LoadState_OfTorchSharpAdamsFile_ContinuesAsTorchSharpsAdam_AndSaveStateWritesThatFormat()
    {
        // Given TorchSharp's Adam after three steps, its state file (as the GAN's checkpoints held), and a copy of its layer
        var (ours, theirs, x) = TwinLayers(seed: 7);
        using var reference = optim.Adam(theirs.parameters(), 2e-4, 0.5, 0.999);
        for (var step = 0; step < 3; step++) TakeStep(theirs, x, reference.zero_grad, () => reference.step());
        using (no_grad())
        {
            ours.weight!.copy_(theirs.weight!);
            ours.bias!.copy_(theirs.bias!);
        }
        var folder = Directory.CreateTempSubdirectory("arcanum-adam-").FullName;
        try
        {
            reference.save_state_dict(Path.Combine(folder, "theirs.adam"));

            // When RootedAdam loads that file, and both take two more steps
            using var rooted = new RootedAdam(ours.parameters(), 2e-4, 0.5, 0.999);
            rooted.LoadState(Path.Combine(folder, "theirs.adam"));
            for (var step = 0; step < 2; step++)
            {
                TakeStep(ours, x, rooted.ZeroGrad, rooted.Step);
                TakeStep(theirs, x, reference.zero_grad, () => reference.step());
            }

            // Then it went on where TorchSharp's Adam left off (fresh moments would take a different step)
            Assert.True(ours.weight!.allclose(theirs.weight!, rtol: 1e-6, atol: 1e-7), "weights differ");

            // And the file it writes loads into TorchSharp's Adam with the same step count and moments
            rooted.SaveState(Path.Combine(folder, "ours.adam"));
            using var reloaded = optim.Adam(theirs.parameters(), 2e-4, 0.5, 0.999);
            reloaded.load_state_dict(Path.Combine(folder, "ours.adam"));
            var expected = reference.state_dict().State.Cast<TorchSharp.Modules.Adam.State>().ToArray();
            var actual = reloaded.state_dict().State.Cast<TorchSharp.Modules.Adam.State>().ToArray();
            Assert.Equal(expected.Select(s => s.step), actual.Select(s => s.step));
            Assert.All(expected.Zip(actual), p =>
            {
                Assert.True(p.First.exp_avg.allclose(p.Second.exp_avg, rtol: 1e-6, atol: 1e-9), "first moments differ");
                Assert.True(p.First.exp_avg_sq.allclose(p.Second.exp_avg_sq, rtol: 1e-6, atol: 1e-12), "second moments differ");
            });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static (TorchSharp.Modules.Linear Ours, TorchSharp.Modules.Linear Theirs, Tensor X) TwinLayers(int seed)
    {
        TorchRuntime.EnsureLoaded();
        lock (TorchRuntime.RandomLock)
        {
            TorchSharp.torch.random.manual_seed(seed);
            var ours = nn.Linear(6, 3);
            var theirs = nn.Linear(6, 3);
            theirs.load_state_dict(ours.state_dict());
            return (ours, theirs, randn(20, 6));
        }
    }

    private static void TakeStep(TorchSharp.Modules.Linear layer, Tensor x, Action zeroGrad, Action step)
    {
        using var scope = NewDisposeScope();
        zeroGrad();
        layer.forward(x).square().sum().backward();
        step();
    }
}
