using MathNet.Numerics;
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
    public void Estimate_LargeSamplingFractionWithoutPairs_DankarFallsBackToZayatzAndSaysWhy()
    {
        var estimate = PopulationUniqueness.Estimate([new(1, 2), new(3, 1)], 8);

        Assert.Null(estimate.Snb);
        Assert.Equal(("Zayatz", estimate.Zayatz), (estimate.DankarModel, estimate.Dankar!.Value));
        Assert.Contains("SNB", estimate.Note);
    }

    [Fact]
    public void Estimate_LargeSamplingFraction_DankarTakesTheSmallerOfZayatzAndSnb()
    {
        // Given: a 30 % sample of a population drawn from the SNB model
        var (histogram, population, _) = SnbSample(classes: 20_000, alpha: 0.6, beta: 0.3, pi: 0.3, seed: 3);

        // When
        var estimate = PopulationUniqueness.Estimate(histogram, population);

        // Then
        Assert.NotNull(estimate.Snb);
        Assert.Equal(Math.Min(estimate.Zayatz, estimate.Snb!.Value), estimate.Dankar!.Value, 12);
        Assert.Equal(estimate.Zayatz < estimate.Snb ? "Zayatz" : "SNB", estimate.DankarModel);
    }

    [Theory]
    [InlineData(0.6, 0.3, 0.3, 1)]
    [InlineData(2.0, 0.5, 0.2, 2)]
    [InlineData(0.3, 0.15, 0.5, 4)]
    public void Snb_KnownClassCount_RecoversTheTruePopulationUniques(double alpha, double beta, double pi, int seed)
    {
        // Given: 20,000 population classes of size 1 + NegativeBinomial(α, β), each person sampled with probability π
        var (histogram, _, trueUniques) = SnbSample(classes: 20_000, alpha, beta, pi, seed);

        // When: the model is solved with the true number of classes
        var uniques = SnbModel.PopulationUniques(histogram, pi, k: 20_000);

        // Then: within 15 % of the number of classes of size 1 the population really has
        Assert.InRange(uniques / trueUniques, 0.85, 1.15);
    }

    [Theory]
    [InlineData(0.6, 0.3, 0.3, 1)]
    [InlineData(0.3, 0.15, 0.5, 4)]
    public void Snb_SampleDrawnFromTheModel_EstimatesTheTruePopulationUniques(double alpha, double beta, double pi, int seed)
    {
        // Given
        var (histogram, _, trueUniques) = SnbSample(classes: 20_000, alpha, beta, pi, seed);

        // When: the number of classes is estimated too (Shlosser)
        var uniques = SnbModel.PopulationUniques(histogram, pi);

        // Then
        Assert.InRange(uniques / trueUniques, 0.85, 1.15);
    }

    [Fact]
    public void Snb_SampleClassProbabilities_MatchTheSumOverPopulationSizes()
    {
        // Given: P(f = s) = Σ_F P(F) · C(F, s) π^s (1 − π)^(F − s), F = 1 + NB(α, β), summed far into the tail
        const double alpha = 1.7, beta = 0.35, pi = 0.25;
        double p1 = 0, p2 = 0;
        for (var g = 0; g < 400; g++)
        {
            var logNb = SpecialFunctions.GammaLn(g + alpha) - SpecialFunctions.GammaLn(alpha) - SpecialFunctions.GammaLn(g + 1)
                + alpha * Math.Log(beta) + g * Math.Log(1 - beta);
            var f = g + 1;
            p1 += Math.Exp(logNb) * f * pi * Math.Pow(1 - pi, f - 1);
            p2 += Math.Exp(logNb) * f * (f - 1) / 2.0 * pi * pi * Math.Pow(1 - pi, f - 2);
        }

        // When
        var (closed1, closed2) = SnbModel.SampleClassProbabilities(alpha, beta, pi);

        // Then
        Assert.Equal(p1, closed1, 12);
        Assert.Equal(p2, closed2, 12);
    }

    /// <summary>A Bernoulli(π) sample of a population whose classes have size 1 + NB(α, β) (a gamma-Poisson mixture).</summary>
    private static (ClassSizeCount[] Histogram, double Population, double TrueUniques) SnbSample(
        int classes, double alpha, double beta, double pi, int seed)
    {
        var random = new Random(seed);
        var gamma = new MathNet.Numerics.Distributions.Gamma(alpha, beta / (1 - beta), random);
        var sizes = new Dictionary<int, int>();
        double population = 0, uniques = 0;
        for (var c = 0; c < classes; c++)
        {
            var size = 1 + MathNet.Numerics.Distributions.Poisson.Sample(random, Math.Max(gamma.Sample(), 1e-12));
            population += size;
            if (size == 1) uniques++;
            var sampled = 0;
            for (var i = 0; i < size; i++) if (random.NextDouble() < pi) sampled++;
            if (sampled > 0) sizes[sampled] = sizes.GetValueOrDefault(sampled) + 1;
        }
        return (sizes.Select(p => new ClassSizeCount(p.Key, p.Value)).ToArray(), population, uniques);
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
