using Arcanum.Synthesis.Copula;

namespace Arcanum.Synthesis.Tests.Copula;

public class TruncatedNormalTests
{
    [Theory]
    [InlineData(1.0, double.PositiveInfinity, 1.5251352761609812)] // mpmath: (φ(a) − φ(b)) / (Φ(b) − Φ(a))
    [InlineData(10.0, 11.0, 10.098068374933019)]
    [InlineData(double.NegativeInfinity, -10.0, -10.098068374933019)]
    public void Standard_Draws_StayInsideAndHaveTheTruncatedMean(double a, double b, double mean)
    {
        // Given
        var random = new Random(1);

        // When
        var draws = Enumerable.Range(0, 20_000).Select(_ => TruncatedNormal.Standard(a, b, random)).ToArray();

        // Then
        Assert.All(draws, x => Assert.InRange(x, a, b));
        Assert.Equal(mean, draws.Average(), 0.02);
    }

    [Fact]
    public void Standard_BeyondTheRangeOfPhi_StillDrawsInside()
    {
        var random = new Random(2);

        var draws = Enumerable.Range(0, 1000).Select(_ => TruncatedNormal.Standard(40, 41, random)).ToArray();

        Assert.All(draws, x => Assert.InRange(x, 40, 41));
        Assert.Equal(40 + 1 / 40.0, draws.Average(), 0.01);
    }

    [Fact]
    public void Sample_UnionOfIntervals_SplitsByProbabilityMass()
    {
        // Given: (−∞, −1] and [1, 2] under N(0.5, 1): masses Φ(−1.5) = 0.0668 and Φ(1.5) − Φ(0.5) = 0.2417
        var set = new[] { new Interval(double.NegativeInfinity, -1), new Interval(1, 2) };
        var random = new Random(3);

        // When
        var draws = Enumerable.Range(0, 40_000).Select(_ => TruncatedNormal.Sample(0.5, 1, set, random)).ToArray();

        // Then
        Assert.All(draws, x => Assert.True(x <= -1 || x is >= 1 and <= 2, $"{x} is outside the set"));
        Assert.Equal(0.0668 / (0.0668 + 0.2417), draws.Count(x => x <= -1) / (double)draws.Length, 0.01);
    }
}
