using Arcanum.Data.Partitioning;

namespace Arcanum.Data.Tests.Partitioning;

public sealed class GammaTests
{
    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(2.5)]
    [InlineData(30.0)]
    public void Sample_ManyDraws_MeanAndVarianceNearShape(double shape)
    {
        // Given
        var random = new Random(42);
        const int n = 40_000;

        // When
        var draws = Enumerable.Range(0, n).Select(_ => Gamma.Sample(random, shape)).ToArray();
        var mean = draws.Average();
        var variance = draws.Sum(x => (x - mean) * (x - mean)) / n;

        // Then: Gamma(k, 1) has mean k and variance k
        Assert.InRange(mean, shape * 0.95, shape * 1.05);
        Assert.InRange(variance, shape * 0.85, shape * 1.15);
        Assert.All(draws, x => Assert.True(x >= 0));
    }

    [Fact]
    public void Dirichlet_Draw_SumsToOne()
    {
        // Given
        var random = new Random(1);

        // When
        var p = Gamma.Dirichlet(random, 7, 0.001);

        // Then
        Assert.Equal(1, p.Sum(), 12);
    }

    [Fact]
    public void Sample_NonPositiveShape_Throws()
    {
        // When / Then
        Assert.Throws<ArgumentOutOfRangeException>(() => Gamma.Sample(new Random(1), 0));
    }
}
