using MathNet.Numerics.Statistics;

namespace Arcanum.Synthesis.Images;

/// <summary>
/// Did the generator memorise training images? Compares each synthetic row's distance to the nearest real training
/// row with its distance to the nearest real held-out row (see <see cref="MemorisationResult"/> for what the numbers
/// mean). Rows are images flattened to vectors, or any features; distances are Euclidean.
/// </summary>
/// <remarks>
/// Three exact nearest-neighbour searches (synthetic → training, synthetic → held-out, held-out → training), each
/// O(queries × references × dimensions) with SIMD dot products on all cores: 2,000 synthetic 64×64 images against
/// 2,000 training and 2,000 held-out images are about 5·10¹⁰ multiply-adds, 2.3 s on 2 cores.
/// </remarks>
public static class Memorisation
{
    /// <summary>The percentile of held-out-to-training distances that bounds a near-copy (at or under it).</summary>
    public const double NearCopyPercentile = 1;

    /// <summary>Nearest training and held-out rows of every synthetic row, and their summaries.</summary>
    /// <param name="synthetic">Row-major synthetic rows, <paramref name="syntheticCount"/> × dimensions.</param>
    /// <param name="syntheticCount">Synthetic rows; at least 1.</param>
    /// <param name="training">Row-major real rows the generator trained on.</param>
    /// <param name="trainingCount">Training rows; at least 1.</param>
    /// <param name="heldOut">Row-major real rows from the same source that the generator never saw.</param>
    /// <param name="heldOutCount">
    /// Held-out rows; at least 1, and at least 100 for the near-copy threshold to be a true 1st percentile.
    /// </param>
    /// <param name="dimensions">Values per row, the same in all three.</param>
    /// <exception cref="ArgumentException">
    /// An empty set, an array whose length is not count × dimensions, or a non-finite value.
    /// </exception>
    public static MemorisationResult Compute(
        float[] synthetic, int syntheticCount,
        float[] training, int trainingCount,
        float[] heldOut, int heldOutCount,
        int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        FeatureRows.Check(synthetic, syntheticCount, dimensions, 1, nameof(synthetic), nameof(syntheticCount));
        FeatureRows.Check(training, trainingCount, dimensions, 1, nameof(training), nameof(trainingCount));
        FeatureRows.Check(heldOut, heldOutCount, dimensions, 1, nameof(heldOut), nameof(heldOutCount));

        var (nearestTraining, toTraining) =
            NearestRows.Find(synthetic, syntheticCount, training, trainingCount, dimensions);
        var (_, toHeldOut) = NearestRows.Find(synthetic, syntheticCount, heldOut, heldOutCount, dimensions);
        var (_, heldOutToTraining) = NearestRows.Find(heldOut, heldOutCount, training, trainingCount, dimensions);

        var sortedReference = Sorted(heldOutToTraining);
        var threshold = SortedArrayStatistics.QuantileCustom(
            sortedReference, NearCopyPercentile / 100, QuantileDefinition.R7);
        var closer = 0.0;
        var nearCopies = 0;
        for (var i = 0; i < syntheticCount; i++)
        {
            closer += toTraining[i] < toHeldOut[i] ? 1 : toTraining[i] == toHeldOut[i] ? 0.5 : 0;
            // "At most", not "below": when held-out rows duplicate training rows the threshold is 0, and exact
            // copies must still count.
            if (toTraining[i] <= threshold) nearCopies++;
        }
        return new MemorisationResult(
            closer / syntheticCount,
            SortedArrayStatistics.Median(Sorted(toTraining)),
            SortedArrayStatistics.Median(Sorted(toHeldOut)),
            SortedArrayStatistics.Median(sortedReference),
            nearCopies,
            threshold,
            trainingCount,
            heldOutCount,
            nearestTraining,
            toTraining,
            toHeldOut);
    }

    private static double[] Sorted(double[] values)
    {
        var copy = (double[])values.Clone();
        Array.Sort(copy);
        return copy;
    }
}
