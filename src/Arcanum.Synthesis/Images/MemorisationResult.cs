using System.Globalization;

namespace Arcanum.Synthesis.Images;

/// <summary>
/// How close synthetic images lie to the real images the generator trained on, compared with real images it never
/// saw (see <see cref="Memorisation"/>). All distances are Euclidean, in the units of the rows passed in.
/// </summary>
/// <param name="ShareCloserToTraining">
/// Share of synthetic rows whose nearest training row is closer than their nearest held-out row (ties count half).
/// A generator that learned the distribution without memorising places each synthetic row like one more real draw,
/// so its nearest real row is equally likely to be any of them: the share is then
/// <see cref="ExpectedShareCloserToTraining"/>, which is about 0.5 when training and held-out sets are equally large
/// and come from the same distribution. Clearly above that, synthetic rows hug the training rows.
/// </param>
/// <param name="MedianDistanceToTraining">Median of synthetic rows' distance to their nearest training row.</param>
/// <param name="MedianDistanceToHeldOut">Median of synthetic rows' distance to their nearest held-out row.</param>
/// <param name="MedianHeldOutToTraining">
/// Median over held-out rows of the distance to the nearest training row: how far genuinely new real images lie from
/// the training set, the yardstick for the two medians above.
/// </param>
/// <param name="NearCopies">
/// Synthetic rows whose nearest training row is at most <paramref name="NearCopyThreshold"/> away.
/// </param>
/// <param name="NearCopyThreshold">
/// The 1st percentile (linear interpolation) of the held-out rows' nearest-training distances: a synthetic row this
/// close to a training image is closer than 99% of genuinely new real images are. Taken from the real data so that it
/// needs no unit or scale; with fewer than 100 held-out rows it is near their minimum. If held-out rows include exact
/// duplicates of training rows it can be 0, and then only exact copies count.
/// </param>
/// <param name="TrainingRows">Training rows compared against.</param>
/// <param name="HeldOutRows">Held-out rows compared against.</param>
/// <param name="NearestTraining">Per synthetic row, the index of its nearest training row (to show pairs).</param>
/// <param name="DistanceToTraining">Per synthetic row, the distance to its nearest training row.</param>
/// <param name="DistanceToHeldOut">Per synthetic row, the distance to its nearest held-out row.</param>
public sealed record MemorisationResult(
    double ShareCloserToTraining,
    double MedianDistanceToTraining,
    double MedianDistanceToHeldOut,
    double MedianHeldOutToTraining,
    int NearCopies,
    double NearCopyThreshold,
    int TrainingRows,
    int HeldOutRows,
    IReadOnlyList<int> NearestTraining,
    IReadOnlyList<double> DistanceToTraining,
    IReadOnlyList<double> DistanceToHeldOut)
{
    /// <summary>What the numbers mean and when to worry.</summary>
    public const string Explanation =
        "Each synthetic image is compared with its nearest real training image and its nearest real held-out image " +
        "(one the generator never saw). A generator that learned what the images look like, without memorising " +
        "particular ones, is as likely to land next to a held-out image as next to a training image, so the share " +
        "closer to training should match the expected share (0.5 for equally large sets); clearly above it, " +
        "synthetic images hug the training images. A near-copy is a synthetic image closer to some training image " +
        "than 99% of held-out real images are to theirs; about 1% by chance is normal, many are memorised patients. " +
        "Pixel distance is a coarse similarity: a shifted or flipped copy is not caught, and no distance test is a " +
        "privacy guarantee.";

    /// <summary>Synthetic rows compared.</summary>
    public int SyntheticRows => DistanceToTraining.Count;

    /// <summary>
    /// <see cref="ShareCloserToTraining"/> without memorisation: the nearest of the pooled real rows is equally likely
    /// to be any of them, so it is a training row with probability training / (training + held-out).
    /// </summary>
    public double ExpectedShareCloserToTraining => (double)TrainingRows / (TrainingRows + HeldOutRows);

    /// <summary><see cref="NearCopies"/> as a share of the synthetic rows; about 0.01 by chance alone.</summary>
    public double NearCopyShare => (double)NearCopies / SyntheticRows;

    public override string ToString() => string.Format(
        CultureInfo.InvariantCulture,
        "{0:0.###} of {1} synthetic rows closer to training than held-out (expected {2:0.###}); " +
        "{3} near-copies (distance ≤ {4:0.###})",
        ShareCloserToTraining, SyntheticRows, ExpectedShareCloserToTraining, NearCopies, NearCopyThreshold);
}
