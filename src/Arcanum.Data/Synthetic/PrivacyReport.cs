using System.Globalization;

namespace Arcanum.Data.Synthetic;

/// <summary>
/// Distances from synthetic rows to the training rows the generator saw and to holdout rows it did not,
/// in the space of a <see cref="Encoding.FeatureEncoder"/> fitted on the training table (Euclidean).
/// </summary>
/// <param name="SyntheticToTrain">DCR (distance to closest training record) of each synthetic row.</param>
/// <param name="HoldoutToTrain">DCR of each holdout row: what "close" looks like for real rows the generator never saw.</param>
/// <param name="ShareCloserToTrain">Share of synthetic rows nearer to train than to holdout (ties count half), on equal-size sets; ~0.5 is ideal.</param>
/// <param name="NearestNeighbourRatio">NNDR per synthetic row: distance to 1st / 2nd nearest training row (0/0 counts as 0), in [0, 1].</param>
/// <param name="ExactCopies">Synthetic rows equal to some training row on every compared column's raw value.</param>
/// <param name="SyntheticRows">Rows of the synthetic table.</param>
/// <param name="ComparedRowsPerSet">Rows of train and of holdout used for <paramref name="ShareCloserToTrain"/>.</param>
/// <param name="Notes">What was done that a reader should know, such as subsampling.</param>
public sealed record PrivacyReport(
    Percentiles SyntheticToTrain,
    Percentiles HoldoutToTrain,
    double ShareCloserToTrain,
    Percentiles NearestNeighbourRatio,
    int ExactCopies,
    int SyntheticRows,
    int ComparedRowsPerSet,
    IReadOnlyList<string> Notes)
{
    /// <summary>What the numbers mean and when to worry.</summary>
    public const string Explanation =
        "Share closer to train: ~0.5 means synthetic rows are no closer to the training rows than to unseen real rows; " +
        "worry above 0.6 (the generator memorised training rows). Exact copies: worry at anything above 0 — those rows " +
        "are training patients. DCR: worry when the synthetic→train median is more than 10% below the holdout→train median " +
        "(a smaller gap is sampling noise: an independent sample from the same source lands either side). " +
        "NNDR: near 0 (5th percentile below ~0.1) means synthetic rows sit on top of single training rows, often outliers.";

    /// <summary>The synthetic→train DCR median may fall this far below the holdout→train median (as a factor) before it is a warning.</summary>
    public const double DcrMedianTolerance = 0.9;

    public double ExactCopyShare => SyntheticRows == 0 ? 0 : (double)ExactCopies / SyntheticRows;

    /// <summary>The DCR of every synthetic row, in synthetic row order, for a histogram; <see cref="SyntheticToTrain"/> summarises it.</summary>
    public IReadOnlyList<double> SyntheticToTrainDistances { get; init; } = [];

    /// <summary>The DCR of every holdout row, in holdout row order; <see cref="HoldoutToTrain"/> summarises it.</summary>
    public IReadOnlyList<double> HoldoutToTrainDistances { get; init; } = [];

    /// <summary>The thresholds of <see cref="Explanation"/> that this report crosses, in words; empty when none.</summary>
    public IReadOnlyList<string> Warnings
    {
        get
        {
            var warnings = new List<string>();
            if (ShareCloserToTrain > 0.6)
                warnings.Add(Invariant($"{ShareCloserToTrain * 100:0}% of synthetic rows are closer to train than to holdout (ideal ~50%): likely memorisation."));
            if (ExactCopies > 0)
                warnings.Add(Invariant($"{ExactCopies} synthetic rows ({ExactCopyShare * 100:0.0}%) are exact copies of training rows."));
            if (SyntheticToTrain.P50 < DcrMedianTolerance * HoldoutToTrain.P50)
                warnings.Add(Invariant($"Median synthetic→train DCR {SyntheticToTrain.P50:0.###} is more than 10% below the holdout→train median {HoldoutToTrain.P50:0.###}: synthetic rows sit closer to training rows than unseen real rows do."));
            if (NearestNeighbourRatio.P5 < 0.1)
                warnings.Add(Invariant($"NNDR 5th percentile is {NearestNeighbourRatio.P5:0.###}: some synthetic rows sit on top of single training rows."));
            return warnings;
        }
    }

    /// <summary>Aggregates only; never row values.</summary>
    public override string ToString() => Invariant(
        $"PrivacyReport({SyntheticRows} synthetic rows: share closer to train {ShareCloserToTrain:0.###}, exact copies {ExactCopies}, DCR->train [{SyntheticToTrain}], holdout DCR->train [{HoldoutToTrain}], NNDR [{NearestNeighbourRatio}])");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
