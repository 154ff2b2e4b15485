using Arcanum.Synthesis.Marginal;

namespace Arcanum.Synthesis.Tests.Marginal;

public class DpRangeTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(1e-4)]
    [InlineData(0.7)]
    [InlineData(1.0)]
    [InlineData(-3.5)]
    [InlineData(1990)]
    [InlineData(-1e15)]
    public void Bounds_OfAValuesBucket_HoldTheValue(double value)
    {
        var (low, high) = DpRange.Bounds(DpRange.Bucket(value));

        // Beyond ±2^40 values share the outermost buckets.
        if (Math.Abs(value) >= Math.Pow(2, DpRange.MaxExponent + 1)) Assert.Equal(value > 0 ? DpRange.Buckets - 1 : 0, DpRange.Bucket(value));
        else Assert.True(value >= low && value < high, $"{value} not in [{low}, {high})");
    }

    [Fact]
    public void Estimate_ManyRows_CoversTheBulkWithinAFewOctaves()
    {
        var random = new Random(1);
        var values = Enumerable.Range(0, 5000).Select(_ => 100 + 15 * MstTestData.Normal(random)).ToArray();

        var range = DpRange.Estimate(values, rho: 0.5, integer: false, new Random(2));

        var sorted = values.Order().ToArray();
        Assert.True(range.Significant);
        Assert.False(range.Skewed);
        Assert.InRange(range.Lower, 16, sorted[50]);
        Assert.InRange(range.Upper, sorted[^50], 256);
    }

    [Fact]
    public void Estimate_YearsFarFromZero_NarrowedByTheSecondStage()
    {
        var random = new Random(3);
        var years = Enumerable.Range(0, 3000).Select(_ => (double)random.Next(1978, 1994)).ToArray();

        var range = DpRange.Estimate(years, rho: 0.5, integer: true, new Random(4));

        Assert.Equal(2, range.Stages);
        Assert.InRange(range.Lower, 1950, 1978);
        Assert.InRange(range.Upper, 1994, 2030);
    }

    [Fact]
    public void Estimate_CountsFromZero_StartAtZero()
    {
        var random = new Random(5);
        var counts = Enumerable.Range(0, 2000).Select(_ => (double)random.Next(0, 18)).ToArray();

        var range = DpRange.Estimate(counts, rho: 0.5, integer: true, new Random(6));

        Assert.Equal(0, range.Lower);
        Assert.InRange(range.Upper, 16, 32);
        Assert.Equal(1, range.Stages);
        Assert.True(range.Skewed);
    }

    [Fact]
    public void Estimate_TooFewRowsForTheBudget_SaysItIsAGuess()
    {
        var range = DpRange.Estimate([5, 6, 7, 8, double.NaN], rho: 1e-6, integer: false, new Random(7));

        Assert.False(range.Significant);
        Assert.True(range.Upper > range.Lower);
    }
}
