using Arcanum.Federated.SecureAggregation;

namespace Arcanum.Federated.Tests.SecureAggregation;

public sealed class SecAggOptionsTests
{
    [Fact]
    public void Resolve_Defaults_MajorityThresholdAndLevelsThatFit()
    {
        // Given / When 8 sites with the defaults (k = 4, max weight 1000)
        var (k, t, levels) = new SecAggOptions().Resolve(8);

        // Then t = 4/2 + 1 and L = ⌊(2^32 − 1) / 8000⌋
        Assert.Equal((4, 3, 536_870u), (k, t, levels));
    }

    [Theory]
    [InlineData(4, 2, "more than half")]
    [InlineData(3, null, "even number")]
    [InlineData(4, 5, "at most 4")]
    public void Resolve_UnsafeGraphSettings_ThrowsReadableMessage(int k, int? t, string expected)
    {
        // Given
        var options = new SecAggOptions { NeighbourCount = k, Threshold = t };

        // When / Then
        var error = Assert.Throws<ArgumentException>(() => options.Resolve(10));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Resolve_LevelsThatOverflow_ThrowsWithLimit()
    {
        // Given
        var options = new SecAggOptions { QuantizationLevels = 1u << 30 };

        // When / Then
        var error = Assert.Throws<ArgumentException>(() => options.Resolve(8));
        Assert.Contains("use at most 536870", error.Message);
    }
}
