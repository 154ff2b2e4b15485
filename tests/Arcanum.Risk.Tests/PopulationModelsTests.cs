namespace Arcanum.Risk.Tests;

public sealed class PopulationModelsTests
{
    [Fact]
    public void ExactlyOne_SmallUrn_MatchesBinomialFormula()
    {
        // C(2,1)·C(8,2)/C(10,3) = 2·28/120
        Assert.Equal(56 / 120.0, Hypergeometric.ExactlyOne(10, 2, 3), 12);
    }

    [Fact]
    public void ExactlyOne_WholePopulationSampled_OnlySingletonsLeaveOne()
    {
        Assert.Equal(1.0, Hypergeometric.ExactlyOne(100, 1, 100), 12);
        Assert.Equal(0.0, Hypergeometric.ExactlyOne(100, 2, 100));
    }

    [Fact]
    public void Zayatz_HandComputed_TwentyEightElevenths()
    {
        // Given: 2 uniques and 1 pair, n = 4 drawn from N = 8.
        // P(one of 1 drawn) = 4/8; P(one of 2 drawn) = 2·C(6,3)/C(8,4) = 4/7.
        // P(population unique | sample unique) = 2·(1/2) / (2·(1/2) + 4/7) = 7/11; uniques = 2·(7/11) / (4/8) = 28/11.
        ClassSizeCount[] histogram = [new(1, 2), new(2, 1)];

        var uniques = ZayatzModel.PopulationUniques(histogram, 4, 8);

        Assert.Equal(28 / 11.0, uniques, 10);
    }

    [Fact]
    public void Zayatz_WholePopulation_SampleUniquesAreTheUniques()
    {
        ClassSizeCount[] histogram = [new(1, 5), new(3, 2)];

        Assert.Equal(5, ZayatzModel.PopulationUniques(histogram, 11, 11), 10);
    }

    [Fact]
    public void PitmanFit_Histogram_MaximisesTheLikelihood()
    {
        // Given: a skewed histogram like a real release (many uniques, a long tail)
        ClassSizeCount[] histogram = [new(1, 300), new(2, 80), new(3, 30), new(5, 12), new(10, 5), new(40, 2)];
        var n = histogram.Sum(h => h.Size * h.Classes);

        // When
        var fit = PitmanModel.Fit(histogram, n);

        // Then: no nearby (θ, α) is more likely (the log-likelihood here is written independently of the model)
        Assert.NotNull(fit);
        var (theta, alpha) = fit.Value;
        var best = LogLikelihood(histogram, n, theta, alpha);
        foreach (var (dt, da) in new[] { (0.5, 0.0), (-0.5, 0.0), (0.0, 0.01), (0.0, -0.01), (0.3, 0.005) })
        {
            var other = LogLikelihood(histogram, n, theta + dt, alpha + da);
            Assert.True(best > other, $"({theta + dt}, {alpha + da}) is more likely");
        }
    }

    [Fact]
    public void Pitman_LargePopulation_UniquesBetweenZeroAndPopulation()
    {
        ClassSizeCount[] histogram = [new(1, 300), new(2, 80), new(3, 30), new(5, 12), new(10, 5), new(40, 2)];
        var n = histogram.Sum(h => h.Size * h.Classes);

        var uniques = PitmanModel.PopulationUniques(histogram, n, 1_000_000);

        Assert.InRange(uniques, 1, 1_000_000);
    }

    [Fact]
    public void Estimate_SmallSamplingFraction_DankarPicksPitman()
    {
        ClassSizeCount[] histogram = [new(1, 300), new(2, 80), new(3, 30), new(5, 12), new(10, 5), new(40, 2)];

        var estimate = PopulationUniqueness.Estimate(histogram, 1_000_000);

        Assert.Equal("Pitman", estimate.DankarModel);
        Assert.Equal(estimate.Pitman, estimate.Dankar);
        Assert.Equal(histogram.Sum(h => h.Size * h.Classes) / 1_000_000.0, estimate.SamplingFraction, 12);
    }

    [Fact]
    public void Estimate_EvenClassSizes_PitmanHasNoMaximumDankarFallsBackToZayatz()
    {
        // Given: classes of nearly one size, as uniform data over a finite set of cells gives; Pitman's likelihood
        // then keeps rising as α → −∞, so there is no estimate to give
        ClassSizeCount[] histogram = [new(1, 2), new(8, 10), new(10, 20), new(12, 10)];

        var estimate = PopulationUniqueness.Estimate(histogram, 100_000);

        Assert.Null(estimate.Pitman);
        Assert.Equal(("Zayatz", estimate.Zayatz), (estimate.DankarModel, estimate.Dankar!.Value));
        Assert.Contains("did not converge", estimate.Note);
    }

    [Fact]
    public void Estimate_LargeSamplingFraction_NoDankarFigureAndSaysWhy()
    {
        var estimate = PopulationUniqueness.Estimate([new(1, 2), new(2, 1)], 8);

        Assert.Null(estimate.Dankar);
        Assert.Contains("SNB", estimate.Note);
        Assert.Equal(28 / 11.0 / 8, estimate.Zayatz, 10);
    }

    [Fact]
    public void Estimate_NoSampleUniques_NoPopulationUniques()
    {
        var estimate = PopulationUniqueness.Estimate([new(2, 3)], 1000);

        Assert.Equal((0.0, 0.0), (estimate.Zayatz, estimate.Dankar!.Value));
    }

    [Fact]
    public void Estimate_PopulationSmallerThanRelease_Throws()
    {
        var error = Assert.Throws<RiskInputException>(() => PopulationUniqueness.Estimate([new(1, 10)], 5));

        Assert.Contains("smaller than the release (10 records)", error.Message);
    }

    /// <summary>Pitman's sampling formula, up to a constant: Σ ln(θ+iα) − Σ ln(θ+i) + Σ f_j Σ ln(l−α).</summary>
    private static double LogLikelihood(ClassSizeCount[] histogram, int n, double theta, double alpha)
    {
        var classes = histogram.Sum(h => h.Classes);
        var value = 0.0;
        for (var i = 1; i < classes; i++) value += Math.Log(theta + i * alpha);
        for (var i = 1; i < n; i++) value -= Math.Log(theta + i);
        foreach (var h in histogram)
        {
            for (var l = 1; l < h.Size; l++) value += h.Classes * Math.Log(l - alpha);
        }
        return value;
    }
}
