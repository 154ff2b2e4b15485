using Arcanum.Torch.Synthesis;
using static TorchSharp.torch;

namespace Arcanum.Torch.Tests.Synthesis;

/// <summary>The synthesizers' Adam, whose Scalars stay reachable, takes the steps TorchSharp's Adam takes.</summary>
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
}
