using Arcanum.Synthesis.Marginal;

namespace Arcanum.Synthesis.Tests.Marginal;

public class MeasurementTests
{
    [Fact]
    public void Measure_Noise_HasTheRequestedStandardDeviationAndNoBias()
    {
        var exact = new double[40_000];
        Array.Fill(exact, 7);

        var measured = Measurement.Measure([0], exact, sigma: 10, new Random(1));

        var noise = measured.Values.Select(v => v - 7).ToArray();
        var mean = noise.Average();
        var sd = Math.Sqrt(noise.Sum(n => (n - mean) * (n - mean)) / (noise.Length - 1));
        Assert.InRange(mean, -0.2, 0.2);
        Assert.InRange(sd, 9.85, 10.15);
        Assert.All(measured.Sigmas, s => Assert.Equal(10, s));
    }

    [Fact]
    public void Count_Pairs_AreRowMajorInTheFirstColumn()
    {
        var counts = Contingency.Count([0, 1, 1, 2], 3, [1, 0, 0, 1], 2);

        Assert.Equal([0, 1, 2, 0, 0, 1], counts);
    }

    [Fact]
    public void EstimateTotal_WeighsMeasurementsByTheirPrecision()
    {
        // Totals 100 (variance 2) and 130 (variance 8): weights 1/2 and 1/8.
        var precise = new Measurement([0], [60, 40], [1, 1]);
        var noisy = new Measurement([1], [70, 60], [2, 2]);

        var total = MirrorDescent.EstimateTotal([precise, noisy]);

        Assert.Equal((100 / 2.0 + 130 / 8.0) / (1 / 2.0 + 1 / 8.0), total, 10);
    }
}
