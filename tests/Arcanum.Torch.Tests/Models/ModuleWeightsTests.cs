using Arcanum.Core.Weights;
using Arcanum.Torch.Models;
using Arcanum.Torch.Tests.Support;

namespace Arcanum.Torch.Tests.Models;

public sealed class ModuleWeightsTests
{
    [Fact]
    public void LoadThenToWeights_RoundTripsExactly()
    {
        // Given weights unlike any initialisation
        using var model = ModelFactory.Create(Some.Mlp(features: 6, classes: 3, 5));
        var original = ModuleWeights.ToWeights(model);
        var random = new Random(7);
        var weights = new ModelWeights(original.Arrays.Select(a =>
            new NamedArray(a.Name, a.Shape, [.. Enumerable.Range(0, a.Length).Select(_ => (float)random.NextDouble() * 10 - 5)])));

        // When
        ModuleWeights.Load(model, weights);
        var back = ModuleWeights.ToWeights(model);

        // Then
        Assert.Equal(weights.Arrays.Select(a => a.Name), back.Arrays.Select(a => a.Name));
        for (var i = 0; i < weights.Count; i++)
        {
            Assert.Equal(weights.Arrays[i].Shape, back.Arrays[i].Shape);
            Assert.Equal(weights.Arrays[i].Data, back.Arrays[i].Data);
        }
    }

    [Fact]
    public void Load_WrongShape_NamesTheArray()
    {
        using var model = ModelFactory.Create(Some.Mlp(features: 6, classes: 3, 5));
        var good = ModuleWeights.ToWeights(model);
        var bad = new ModelWeights(good.Arrays.Select(a => a.Name == "fc2.weight" ? new NamedArray(a.Name, [3, 4], new float[12]) : a));

        var e = Assert.Throws<ArgumentException>(() => ModuleWeights.Load(model, bad));

        Assert.Contains("'fc2.weight'", e.Message);
        Assert.Contains("[3x4]", e.Message);
        Assert.Contains("[3x5]", e.Message);
    }

    [Fact]
    public void Load_MissingArray_NamesIt()
    {
        using var model = ModelFactory.Create(Some.Mlp(features: 6, classes: 3, 5));
        var good = ModuleWeights.ToWeights(model);
        var bad = new ModelWeights(good.Arrays.Where(a => a.Name != "fc1.bias"));

        var e = Assert.Throws<ArgumentException>(() => ModuleWeights.Load(model, bad));

        Assert.Contains("'fc1.bias'", e.Message);
    }

    [Fact]
    public void Load_UnknownArray_NamesIt()
    {
        using var model = ModelFactory.Create(Some.LogReg());
        var good = ModuleWeights.ToWeights(model);
        var bad = new ModelWeights([.. good.Arrays, new NamedArray("fc9.weight", [1], [0f])]);

        var e = Assert.Throws<ArgumentException>(() => ModuleWeights.Load(model, bad));

        Assert.Contains("'fc9.weight'", e.Message);
    }
}
