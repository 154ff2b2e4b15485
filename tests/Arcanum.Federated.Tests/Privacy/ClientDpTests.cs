using Arcanum.Core.Weights;
using Arcanum.Federated.Privacy;

namespace Arcanum.Federated.Tests.Privacy;

public sealed class ClientDpTests
{
    private static ModelWeights Weights(float[] a, float[] b) =>
        new([new NamedArray("w", [a.Length], a), new NamedArray("b", [b.Length], b)]);

    [Fact]
    public void Clip_NormFiveAboveClipOne_ScalesToNormOneAndSaysSo()
    {
        // Given an update with norm √(3² + 4²) = 5 spread over two arrays
        var update = Weights([3f], [4f]);

        // When
        var outcome = ClientDp.Clip(update, clipNorm: 1.0);

        // Then
        Assert.Equal(new ClipOutcome(5.0, Clipped: true), outcome);
        Assert.Equal(0.6f, update["w"].Data[0], 1e-6f);
        Assert.Equal(0.8f, update["b"].Data[0], 1e-6f);
        Assert.Equal(1.0, ClientDp.GlobalNorm(update), 1e-6);
    }

    [Fact]
    public void Clip_NormBelowClip_LeavesUpdateUntouched()
    {
        // Given
        var update = Weights([1f, 2f], [2f]);

        // When
        var outcome = ClientDp.Clip(update, clipNorm: 10.0);

        // Then: norm 3, nothing changed
        Assert.Equal(new ClipOutcome(3.0, Clipped: false), outcome);
        Assert.Equal([1f, 2f], update["w"].Data);
    }

    [Fact]
    public void Clip_NaNUpdate_IsRefused()
    {
        var update = Weights([float.NaN], [1f]);
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => ClientDp.Clip(update, 1.0)).Message);
    }

    [Fact]
    public void AddCentralNoise_SameSeed_SameNoiseWithStddevSigmaTimesClip()
    {
        // Given two zero sums of 50,000 values, σ = 1.5, C = 2 → stddev 3
        var a = Weights(new float[25_000], new float[25_000]);
        var b = Weights(new float[25_000], new float[25_000]);

        // When
        ClientDp.AddCentralNoise(a, 1.5, 2.0, new Random(7));
        ClientDp.AddCentralNoise(b, 1.5, 2.0, new Random(7));

        // Then: reproducible, centred, and of the calibrated size (standard error of the sd ≈ 0.3 %)
        Assert.Equal(a["w"].Data, b["w"].Data);
        var values = a.Arrays.SelectMany(x => x.Data).Select(v => (double)v).ToArray();
        var mean = values.Average();
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        Assert.InRange(mean, -0.05, 0.05);
        Assert.InRange(sd, 3 * 0.98, 3 * 1.02);
    }

    [Fact]
    public void DistributedNoise_FourSharesOfFourSites_SumToTheCentralNoise()
    {
        // Given σ = 1, C = 2, m = 4: each share has stddev σC/√m = 1
        Assert.Equal(1.0, ClientDp.DistributedNoiseStddev(1.0, 2.0, 4), 1e-12);
        var sum = Weights(new float[20_000], new float[20_000]);
        var random = new Random(3);

        // When four sites each add their share to the same sum
        for (var site = 0; site < 4; site++) ClientDp.AddDistributedNoiseShare(sum, 1.0, 2.0, 4, random);

        // Then the sum carries stddev σC = 2
        var values = sum.Arrays.SelectMany(x => x.Data).Select(v => (double)v).ToArray();
        var sd = Math.Sqrt(values.Sum(v => v * v) / values.Length);
        Assert.InRange(sd, 2 * 0.98, 2 * 1.02);
    }

    [Theory]
    [InlineData(1.0, 10, 10, 1.0)]
    [InlineData(1.0, 10, 6, 0.7745966692414834)] // √0.6
    [InlineData(2.0, 4, 1, 1.0)] // √(1/4) · 2
    public void EffectiveNoiseMultiplier_AfterDropouts_IsSigmaTimesRootSurvivingShare(double sigma, int m, int s,
        double expected) =>
        Assert.Equal(expected, ClientDp.EffectiveNoiseMultiplier(sigma, m, s), 1e-12);

    [Fact]
    public void UpdateNoiseMultiplier_CountNoiseOne_RaisesSigmaOneTo1155()
    {
        // σ_Δ = (1 − 1/4)^(−1/2) = 2/√3
        Assert.Equal(2 / Math.Sqrt(3), ClientDp.UpdateNoiseMultiplier(1.0, 1.0), 1e-12);
        Assert.Contains("must exceed " +
            "σ/2", Assert.Throws<ArgumentOutOfRangeException>(() => ClientDp.UpdateNoiseMultiplier(1.0, 0.5)).Message);
    }

    [Theory]
    [InlineData(1.0, 0.7, 0.5, 0.2, 0.9607894391523232)] // e^(−0.04): too many unclipped, C shrinks
    [InlineData(1.0, 0.3, 0.5, 0.2, 1.0408107741923882)] // e^(0.04): too few, C grows
    [InlineData(2.5, 0.5, 0.5, 0.2, 2.5)] // on target: unchanged
    public void NextClipNorm_GeometricUpdate_MatchesHandComputed(double c, double b, double gamma, double eta,
        double expected) =>
        Assert.Equal(expected, ClientDp.NextClipNorm(c, b, gamma, eta), 1e-12);

    [Fact]
    public void NoisyUnclippedFraction_SevenOfTen_IsUnbiasedWithStddevSigmaBOverM()
    {
        // Given 7 of 10 sites unclipped, m = 10, σ_b = 0.5 → b̃ ~ N(0.7, 0.05²)
        var random = new Random(11);

        // When
        var draws = Enumerable.Range(0, 20_000).Select(_ => ClientDp.NoisyUnclippedFraction(7, 10, 10, 0.5,
            random)).ToArray();

        // Then
        var mean = draws.Average();
        var sd = Math.Sqrt(draws.Sum(v => (v - mean) * (v - mean)) / (draws.Length - 1));
        Assert.Equal(0.7, mean, 0.002);
        Assert.InRange(sd, 0.05 * 0.97, 0.05 * 1.03);
    }
}
