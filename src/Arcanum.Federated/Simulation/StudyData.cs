using Arcanum.Core.Learning;

namespace Arcanum.Federated.Simulation;

/// <summary>
/// Everything a simulated study trains and evaluates on, already split by site and encoded.
/// <see cref="EncoderJson"/> is the fitted feature encoding (null for image data), saved beside the
/// model so a site can encode new rows exactly as training did.
/// </summary>
public sealed record StudyData(
    string DataName,
    IReadOnlyList<SiteData> Sites,
    IReadOnlyList<string> ClassNames,
    int[] SampleShape,
    string? EncoderJson,
    IReadOnlyList<string> FeatureNames)
{
    public int ClassCount => ClassNames.Count;

    /// <summary>The sites' samples are images with masks: the task is segmentation.</summary>
    public bool IsSegmentation => Sites.Count > 0 && Sites[0].Train.Masks is not null;

    /// <summary>The headline metric: Dice per patient for segmentation, AUROC for a binary target, accuracy for several classes.</summary>
    public string HeadlineMetric => IsSegmentation ? "dice" : ClassCount == 2 ? "auroc" : "accuracy";

    public TensorDataset PooledTrain() => TensorDataset.Concat([.. Sites.Select(s => s.Train)]);

    public TensorDataset PooledHoldout() => TensorDataset.Concat([.. Sites.Select(s => s.Holdout)]);
}
