using Arcanum.Core.Weights;
using Arcanum.Federated.Simulation;

namespace Arcanum.Federated.Tests.Simulation;

public sealed class TrainingDivergedExceptionTests
{
    private static ModelWeights Model(float bad, int at) =>
        new([new NamedArray("w", [1000], new float[1000]), new NamedArray("b", [37], [.. Enumerable.Range(0, 37).Select(i => i == at ? bad : i * 0.5f)])]);

    [Theory]
    [InlineData(float.NaN, 36)]
    [InlineData(float.PositiveInfinity, 0)]
    [InlineData(float.NegativeInfinity, 17)]
    public void ThrowIfNotFinite_AnyNonFiniteWeight_NamesItsArrayAndValue(float bad, int at)
    {
        var e = Assert.Throws<TrainingDivergedException>(() => TrainingDivergedException.ThrowIfNotFinite(Model(bad, at), "at site x", "Lower the learning rate."));

        Assert.Equal($"Training diverged at site x: 'b' holds {bad}. Lower the learning rate.", e.Message);
    }

    [Fact]
    public void ThrowIfNotFinite_FiniteExtremesAndAnEmptyArray_Pass() =>
        TrainingDivergedException.ThrowIfNotFinite(
            new ModelWeights([new NamedArray("w", [3], [float.MaxValue, float.MinValue, float.Epsilon]), new NamedArray("none", [0], [])]), "here", "");
}
