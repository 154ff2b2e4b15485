using Arcanum.Core.Learning;
using Arcanum.Torch.Models;
using Arcanum.Torch.Tests.Support;
using TorchSharp;

namespace Arcanum.Torch.Tests.Models;

public sealed class ModelFactoryTests
{
    [Fact]
    public void Create_LogisticRegression_HasOneLinearLayer()
    {
        using var model = ModelFactory.Create(Some.LogReg(features: 5, classes: 3));

        var keys = model.state_dict().Select(kv => $"{kv.Key}[{string.Join("x", kv.Value.shape)}]");

        Assert.Equal(["fc.weight[3x5]", "fc.bias[3]"], keys);
    }

    [Fact]
    public void Create_Mlp_HasOneLayerPerHiddenSizeThenTheClassifier()
    {
        using var model = ModelFactory.Create(new ModelSpec(ModelKind.Mlp, [784], 10, [256, 128]));

        var keys = model.state_dict().Select(kv => $"{kv.Key}[{string.Join("x", kv.Value.shape)}]");

        Assert.Equal(["fc1.weight[256x784]", "fc1.bias[256]", "fc2.weight[128x256]", "fc2.bias[128]", "fc3.weight[10x128]", "fc3.bias[10]"], keys);
    }

    [Fact]
    public void Forward_Mlp_GivesOneRowOfLogitsPerSample()
    {
        using var scope = torch.NewDisposeScope();
        using var model = ModelFactory.Create(Some.Mlp(features: 8, classes: 3, 16, 4));

        // Not rand: the process-wide generator belongs to seeded tests running in parallel.
        var logits = model.forward(torch.ones(5, 8));

        Assert.Equal([5L, 3L], logits.shape);
    }

    [Fact]
    public void Forward_CnnOn28x28_GivesOneRowOfLogitsPerSample()
    {
        using var scope = torch.NewDisposeScope();
        using var model = ModelFactory.Create(Some.Cnn(classes: 10));

        var logits = model.forward(torch.ones(3, 1, 28, 28));

        Assert.Equal([3L, 10L], logits.shape);
        Assert.Equal(1_663_370L, model.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void Create_CnnWithHiddenSize_UsesItForTheDenseLayer()
    {
        using var model = ModelFactory.Create(new ModelSpec(ModelKind.Cnn, [3, 32, 32], 4, [64]));

        var state = model.state_dict();

        Assert.Equal(["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"], state.Keys);
        Assert.Equal([64L, 64L * 8 * 8], state["fc1.weight"].shape);
    }

    [Fact]
    public void Create_CnnForTableInput_ExplainsWhy()
    {
        var e = Assert.Throws<ArgumentException>(() => ModelFactory.Create(new ModelSpec(ModelKind.Cnn, [10], 2, [])));

        Assert.Contains("image input", e.Message);
    }
}
