namespace Arcanum.Federated.Simulation;

/// <summary>A 95% percentile bootstrap interval of <see cref="Metric"/> over held-out rows, from <see cref="Resamples"/> seeded resamples.</summary>
public sealed record MetricInterval(string Metric, double Lower, double Upper, int Resamples);
