using Arcanum.Synthesis.Images;

namespace Arcanum.Synthesis.Tests.Images;

public sealed class MemorisationTests
{
    [Fact]
    public void Compute_HandPoints_DistancesMediansAndThreshold()
    {
        // Given: one-dimensional training {0, 10}, held-out {1, 12, 4}, synthetic {0.5, 9, 11.5}.
        float[] training = [0, 10], heldOut = [1, 12, 4], synthetic = [0.5f, 9, 11.5f];

        // When
        var result = Memorisation.Compute(synthetic, 3, training, 2, heldOut, 3, 1);

        // Then: to training 0.5, 1, 1.5 (rows 0, 1, 1); to held-out 0.5, 3, 0.5. Closer: tie (½), yes, no → 1.5 / 3.
        Assert.Equal([0, 1, 1], result.NearestTraining);
        Assert.Equal([0.5, 1, 1.5], result.DistanceToTraining);
        Assert.Equal([0.5, 3, 0.5], result.DistanceToHeldOut);
        Assert.Equal(0.5, result.ShareCloserToTraining);
        Assert.Equal(1, result.MedianDistanceToTraining);
        Assert.Equal(0.5, result.MedianDistanceToHeldOut);
        // Held-out to training: 1, 2, 4; median 2; 1st percentile 1 + 0.02 · (2 − 1) = 1.02: 0.5 and 1 are near-copies.
        Assert.Equal(2, result.MedianHeldOutToTraining);
        Assert.Equal(1.02, result.NearCopyThreshold, 1e-12);
        Assert.Equal(2, result.NearCopies);
        Assert.Equal(0.4, result.ExpectedShareCloserToTraining, 1e-12);
    }

    [Fact]
    public void Compute_SyntheticCopiesOfTrainingImages_AllNearCopies()
    {
        // Given: 64×64 "images"; the synthetic set is 20 training images, in another order.
        const int pixels = 64 * 64;
        var training = FeatureSets.Standard(60, pixels, seed: 1);
        var heldOut = FeatureSets.Standard(60, pixels, seed: 2);
        var sources = Enumerable.Range(0, 20).Select(i => (i * 7 + 3) % 60).ToArray();
        var synthetic = sources.SelectMany(s => training.AsSpan(s * pixels, pixels).ToArray()).ToArray();

        // When
        var result = Memorisation.Compute(synthetic, 20, training, 60, heldOut, 60, pixels);

        // Then
        Assert.Equal(1, result.ShareCloserToTraining);
        Assert.Equal(20, result.NearCopies);
        Assert.Equal(1, result.NearCopyShare);
        Assert.Equal(sources, result.NearestTraining);
        Assert.All(result.DistanceToTraining, d => Assert.Equal(0, d));
        Assert.True(result.NearCopyThreshold > 0);
    }

    [Fact]
    public void Compute_SyntheticFromSameDistribution_ShareNearHalfAndFewNearCopies()
    {
        var training = FeatureSets.Standard(300, 16, seed: 3);
        var heldOut = FeatureSets.Standard(300, 16, seed: 4);
        var synthetic = FeatureSets.Standard(400, 16, seed: 5);

        var result = Memorisation.Compute(synthetic, 400, training, 300, heldOut, 300, 16);

        Assert.Equal(0.5, result.ExpectedShareCloserToTraining);
        Assert.InRange(result.ShareCloserToTraining, 0.4, 0.6);
        // About 1% by construction of the threshold; 12 would be 3%.
        Assert.InRange(result.NearCopies, 0, 12);
        Assert.InRange(result.MedianDistanceToTraining / result.MedianDistanceToHeldOut, 0.9, 1.1);
        Assert.InRange(result.MedianDistanceToTraining / result.MedianHeldOutToTraining, 0.9, 1.1);
    }

    [Fact]
    public void Compute_MoreTrainingThanHeldOut_ShareFollowsExpectedShare()
    {
        // Without memorisation the nearest real row is a training row with probability 300 / 400.
        var training = FeatureSets.Standard(300, 8, seed: 6);
        var heldOut = FeatureSets.Standard(100, 8, seed: 7);
        var synthetic = FeatureSets.Standard(400, 8, seed: 8);

        var result = Memorisation.Compute(synthetic, 400, training, 300, heldOut, 100, 8);

        Assert.Equal(0.75, result.ExpectedShareCloserToTraining);
        Assert.InRange(result.ShareCloserToTraining, 0.65, 0.85);
    }

    [Fact]
    public void Compute_SyntheticJitteredAroundTraining_ShareAboveHalf()
    {
        // A generator that returns training images plus a little noise: not exact copies, still memorised.
        var training = FeatureSets.Standard(200, 32, seed: 9);
        var heldOut = FeatureSets.Standard(200, 32, seed: 10);
        var noise = FeatureSets.Gaussian(200, new double[32], Enumerable.Repeat(0.3, 32).ToArray(), seed: 11);
        var synthetic = training.Select((v, i) => v + noise[i]).ToArray();

        var result = Memorisation.Compute(synthetic, 200, training, 200, heldOut, 200, 32);

        Assert.True(result.ShareCloserToTraining > 0.95, result.ToString());
        Assert.True(result.NearCopies > 100, result.ToString());
    }

    [Fact]
    public void Compute_EmptySynthetic_Throws()
    {
        var error = Assert.Throws<ArgumentException>(
            () => Memorisation.Compute([], 0, new float[4], 2, new float[4], 2, 2));

        Assert.Equal("syntheticCount", error.ParamName);
    }

    [Fact]
    public void Compute_HeldOutOfOtherWidth_Throws()
    {
        var error = Assert.Throws<ArgumentException>(
            () => Memorisation.Compute(new float[4], 2, new float[4], 2, new float[6], 2, 2));

        Assert.Equal("heldOut", error.ParamName);
    }

    [Fact]
    public void Compute_NaNInTraining_Throws()
    {
        float[] training = [0, 1, float.NaN, 3];

        var error = Assert.Throws<ArgumentException>(
            () => Memorisation.Compute(new float[4], 2, training, 2, new float[4], 2, 2));

        Assert.Equal("training", error.ParamName);
        Assert.Contains("row 1, dimension 0", error.Message);
    }
}
