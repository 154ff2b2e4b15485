using Arcanum.Federated.Aggregation;
using static Arcanum.Federated.Tests.TestWeights;

namespace Arcanum.Federated.Tests.Aggregation;

public sealed class WeightMathTests
{
    [Fact]
    public void Subtract_TwoModels_ReturnsNewDifference()
    {
        // Given
        var a = Of([5, 7], [1]);
        var b = Of([1, 2], [3]);

        // When
        var d = WeightMath.Subtract(a, b);

        // Then
        AssertValues(d, [4, 5], [-2]);
        AssertValues(a, [5, 7], [1]);
    }

    [Fact]
    public void AddScaled_InPlace_AddsScaledValues()
    {
        // Given
        var target = Of([1, 1]);

        // When
        WeightMath.AddScaled(target, Of([2, -4]), 0.5f);

        // Then
        AssertValues(target, [2, -1]);
    }

    [Fact]
    public void AddScaledDifference_LongerThanOneVector_MatchesScalarFormula()
    {
        // Given 19 values: at least one SIMD vector on most machines, and a scalar tail
        var x = Of([.. Enumerable.Range(0, 19).Select(i => (float)i)]);
        var reference = Of([.. Enumerable.Range(0, 19).Select(i => (float)(2 * i))]);
        var target = Of(new float[19]);
        target.Arrays[0].Data.AsSpan().Fill(1);

        // When target += 2·(x − reference) = 1 − 2i
        WeightMath.AddScaledDifference(target, x, reference, 2);

        // Then
        AssertValues(target, [.. Enumerable.Range(0, 19).Select(i => 1f - 2 * i)]);
    }

    [Fact]
    public void Scale_InPlace_MultipliesEveryArray()
    {
        // Given
        var target = Of([2, 4], [6]);

        // When
        WeightMath.Scale(target, 0.5f);

        // Then
        AssertValues(target, [1, 2], [3]);
    }

    [Fact]
    public void EnsureSameLayout_ExtraArray_ThrowsNamingIt()
    {
        // Given / When
        var error = Assert.Throws<ArgumentException>(() => WeightMath.EnsureSameLayout(Of([1]), Of([1], [2]), "update"));

        // Then
        Assert.Contains("extra array 'b'", error.Message);
    }
}
