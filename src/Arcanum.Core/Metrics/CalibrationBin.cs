namespace Arcanum.Core.Metrics;

/// <summary>One non-empty bin of a reliability diagram.</summary>
/// <param name="MeanPredicted">Mean predicted probability (or top-label confidence) of the samples in the bin.</param>
/// <param name="ObservedRate">Fraction of those samples that were positive (or correctly classified).</param>
/// <param name="Count">Samples in the bin.</param>
public sealed record CalibrationBin(double MeanPredicted, double ObservedRate, int Count);
