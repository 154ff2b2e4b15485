using Arcanum.Federated.Algorithms;

namespace Arcanum.Federated.Tests.Algorithms;

public sealed class ClientSamplerTests
{
    private static readonly string[] Ten = [.. Enumerable.Range(0, 10).Select(i => $"site-{i}")];

    [Fact]
    public void Sample_FractionOne_ReturnsAllSitesInOrder()
    {
        // Given / When
        var sample = ClientSampler.Sample(3, Ten, 1.0, 1, 42);

        // Then
        Assert.Equal(Ten, sample);
    }

    [Theory]
    [InlineData(0.3, 1, 3)]   // 0.3·10 is 3.0000000000000004 in floating point: still 3
    [InlineData(0.25, 1, 3)]  // ⌈2.5⌉
    [InlineData(0.1, 1, 1)]
    [InlineData(0.01, 1, 1)]  // ⌈0.1⌉
    [InlineData(0.2, 5, 5)]   // the minimum wins
    [InlineData(0.2, 20, 10)] // capped at N
    [InlineData(0.7, 0, 7)]
    public void Sample_Fraction_PicksMaxOfMinimumAndCeiling(double fraction, int minSites, int expected)
    {
        // Given / When
        var sample = ClientSampler.Sample(1, Ten, fraction, minSites, 7);

        // Then
        Assert.Equal(expected, sample.Count);
        Assert.Equal(expected, sample.Distinct().Count());
    }

    [Fact]
    public void Sample_SameSeedAndRound_SameSites()
    {
        // Given / When
        var first = ClientSampler.Sample(5, Ten, 0.3, 1, 11);
        var second = ClientSampler.Sample(5, Ten, 0.3, 1, 11);

        // Then
        Assert.Equal(first, second);
    }

    [Fact]
    public void Sample_DifferentRoundsOrSeeds_VarySelection()
    {
        // Given / When
        var byRound = Enumerable.Range(1, 10).Select(r => string.Join(",", ClientSampler.Sample(r, Ten, 0.3, 1, 11))).Distinct().Count();
        var bySeed = Enumerable.Range(1, 10).Select(s => string.Join(",", ClientSampler.Sample(1, Ten, 0.3, 1, s))).Distinct().Count();

        // Then
        Assert.True(byRound > 1, "Every round sampled the same sites.");
        Assert.True(bySeed > 1, "Every seed sampled the same sites.");
    }

    [Fact]
    public void Sample_Subset_KeepsOriginalSiteOrder()
    {
        // Given / When / Then
        for (var round = 0; round < 20; round++)
        {
            var sample = ClientSampler.Sample(round, Ten, 0.5, 1, 3);
            var positions = sample.Select(s => Array.IndexOf(Ten, s)).ToList();
            Assert.Equal(positions.Order(), positions);
        }
    }

    [Fact]
    public void Sample_ManyRounds_EverySiteIsPicked()
    {
        // Given / When
        var seen = Enumerable.Range(0, 100).SelectMany(r => ClientSampler.Sample(r, Ten, 0.2, 1, 5)).ToHashSet();

        // Then
        Assert.Equal(Ten.Length, seen.Count);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Sample_FractionOutOfRange_Throws(double fraction)
    {
        // Given / When / Then
        Assert.Throws<ArgumentOutOfRangeException>(() => ClientSampler.Sample(1, Ten, fraction, 1, 1));
    }

    [Fact]
    public void Sample_DuplicateSiteNames_Throws()
    {
        // Given / When / Then
        Assert.Throws<ArgumentException>(() => ClientSampler.Sample(1, ["a", "a"], 1, 1, 1));
    }
}
