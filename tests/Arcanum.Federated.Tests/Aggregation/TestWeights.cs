using Arcanum.Core.Weights;

namespace Arcanum.Federated.Tests;

/// <summary>Tiny models for hand-computed tests: one-dimensional arrays named "w", "b", ….</summary>
internal static class TestWeights
{
    private static readonly string[] DefaultNames = ["w", "b", "c", "d"];

    /// <summary>Arrays named w, b, c, d in order, each one-dimensional.</summary>
    public static ModelWeights Of(params float[][] arrays) =>
        new(arrays.Select((a, i) => new NamedArray(DefaultNames[i], [a.Length], (float[])a.Clone())));

    public static ModelWeights Named(params (string Name, float[] Values)[] arrays) =>
        new(arrays.Select(a => new NamedArray(a.Name, [a.Values.Length], (float[])a.Values.Clone())));

    /// <summary>weights + offset, element-wise, as new weights.</summary>
    public static ModelWeights Plus(ModelWeights weights, params float[][] offsets) =>
        new(weights.Arrays.Select((a, i) => new NamedArray(a.Name, a.Shape, [.. a.Data.Select((v, j) => v + offsets[i][j])])));

    public static void AssertValues(ModelWeights actual, params float[][] expected) => AssertValues(actual, 1e-5, expected);

    public static void AssertValues(ModelWeights actual, double tolerance, params float[][] expected)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            var data = actual.Arrays[i].Data;
            Assert.Equal(expected[i].Length, data.Length);
            for (var j = 0; j < data.Length; j++)
            {
                Assert.True(Math.Abs(expected[i][j] - data[j]) <= tolerance,
                    $"{actual.Arrays[i].Name}[{j}]: expected {expected[i][j]}, got {data[j]}.");
            }
        }
    }

    public static void AssertIdentical(ModelWeights expected, ModelWeights actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected.Arrays[i].Name, actual.Arrays[i].Name);
            Assert.Equal(expected.Arrays[i].Data, actual.Arrays[i].Data);
        }
    }
}
