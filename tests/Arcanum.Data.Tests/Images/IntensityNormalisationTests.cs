using System.Text.Json;
using Arcanum.Core.Learning;
using Arcanum.Data.Images;

namespace Arcanum.Data.Tests.Images;

public sealed class IntensityNormalisationTests
{
    private static TensorDataset Images(params float[] pixels) =>
        Images(pixels, [.. Enumerable.Range(0, pixels.Length / 2).Select(i => $"g{i}")]);

    private static TensorDataset Images(float[] pixels, string[] groups) =>
        new(pixels, new int[pixels.Length / 2], [1, 1, 2], 2, new byte[pixels.Length], groups);

    [Fact]
    public void Fit_OnTrainOnly_AppliesTrainStatisticsToTest()
    {
        // Given train pixels 1, 3 (mean 2, sd 1) and a test set far brighter
        var train = Images(1, 3);
        var test = Images(10, 12);

        // When
        var normalisation = IntensityNormalisation.Fit(train);
        var normalised = normalisation.Apply(test);

        // Then the test set is scaled by the training values, not its own
        Assert.Equal([2.0], normalisation.Mean);
        Assert.Equal([1.0], normalisation.Std);
        Assert.Equal([8f, 10f], normalised.Features);
        Assert.Same(test.Masks, normalised.Masks);
        Assert.Equal(test.Groups, normalised.Groups);
    }

    [Fact]
    public void Merge_SumsOfTwoSites_EqualFittingOnThePooledPixels()
    {
        var a = Images(1, 3);
        var b = Images(5, 7, 9, 11);

        var merged = IntensityNormalisation.FromSums(ChannelSums.Merge([ChannelSums.Of(a), ChannelSums.Of(b)]));
        var pooled = IntensityNormalisation.Fit(TensorDataset.Concat([a, b]));

        Assert.Equal(pooled.Mean[0], merged.Mean[0], 12);
        Assert.Equal(pooled.Std[0], merged.Std[0], 12);
    }

    [Fact]
    public void Json_RoundTrip_KeepsTheValues()
    {
        var normalisation = new IntensityNormalisation([0.1, 0.2], [0.3, 0.4]);

        var back = JsonSerializer.Deserialize<IntensityNormalisation>(JsonSerializer.Serialize(normalisation))!;

        Assert.Equal(normalisation.Mean, back.Mean);
        Assert.Equal(normalisation.Std, back.Std);
    }
}
