namespace Arcanum.Federated.Statistics;

/// <summary>
/// A quantile read off a histogram: the midpoint of the bin that holds it, so it is within
/// <see cref="ErrorBound"/> (half a bin width) of the quantile of the clamped values. When
/// <see cref="AtRangeEnd"/>, the bin also holds values clamped from beyond the declared range and the true
/// quantile may lie further out. With noise, the noisy counts can move it by more bins.
/// </summary>
public sealed record QuantileEstimate(double Probability, Cell Value, double ErrorBound, bool AtRangeEnd);
