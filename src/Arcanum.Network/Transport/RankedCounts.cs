namespace Arcanum.Network.Transport;

/// <summary>
/// One ranked class of <see cref="SparseHistograms"/>: its non-empty bins as [bin, count] pairs, bins
/// ascending, for the held-out rows of that class (<see cref="Positives"/>) and the rest (<see cref="Negatives"/>).
/// </summary>
public sealed record RankedCounts(int Class, long[][] Positives, long[][] Negatives);
