namespace Arcanum.Federated.SecureAggregation;

/// <summary>
/// Settings of a SecAgg+ round, chosen by the server and published in <see cref="SecAggSetup"/>.
/// </summary>
public sealed record SecAggOptions
{
    /// <summary>
    /// Neighbours each site masks with and shares its secrets among (k). Even, at least 2; a value of at least
    /// n − 1 joins every pair of sites (the original SecAgg). Cost per site grows with k, not with n.
    /// </summary>
    public int NeighbourCount { get; init; } = 4;

    /// <summary>
    /// Shares of a site's secrets needed to rebuild them (t); null means ⌊k/2⌋ + 1, a majority of the k + 1
    /// holders (the site keeps one share of its own self-mask seed). Must exceed (k + 1)/2 so no two
    /// disjoint groups of holders can rebuild both of a site's secrets, and is also the fewest sites whose
    /// inputs may be summed. A surviving site tolerates k + 1 − t of its neighbours dropping out before
    /// unmasking; a site that drops needs t of its k neighbours to answer.
    /// </summary>
    public int? Threshold { get; init; }

    /// <summary>Update values are clipped to [−c, c] before quantisation; values outside are changed.</summary>
    public double ClippingRange { get; init; } = 8.0;

    /// <summary>
    /// Sample counts above this are capped: a site's weight is min(count, MaxWeight). Sum of weights times
    /// quantisation levels must fit in 32 bits, so a larger cap means coarser quantisation.
    /// </summary>
    public int MaxWeight { get; init; } = DefaultMaxWeight;

    /// <summary>The default <see cref="MaxWeight"/>.</summary>
    public const int DefaultMaxWeight = 1000;

    /// <summary>
    /// Quantisation levels L over [−c, c] (step Δ = 2c / L); null means the most that cannot overflow:
    /// ⌊(2^32 − 1) / (n · MaxWeight)⌋. The weighted mean is then exact to within Δ per coordinate.
    /// </summary>
    public uint? QuantizationLevels { get; init; }

    /// <summary>The fewest quantisation levels accepted; fewer would make the aggregate useless.</summary>
    public const uint MinimumLevels = 256;

    /// <summary>Checks the options for <paramref name="participants"/> sites and returns (k, t, L) in force.</summary>
    public (int NeighbourCount, int Threshold, uint Levels) Resolve(int participants)
    {
        if (participants < 3)
            throw new ArgumentException($"Secure aggregation needs at least 3 sites; this round has {participants}.");
        if (NeighbourCount < 2 || NeighbourCount % 2 != 0 && NeighbourCount < participants - 1)
            throw new ArgumentException(
                $"secure aggregation neighbour count must be an even number of at least 2 (got {NeighbourCount}).");
        var k = Math.Min(NeighbourCount, participants - 1);
        var t = Threshold ?? (k + 1) / 2 + 1;   // more than half of the k + 1 share holders
        if (2 * t <= k + 1 || t > k)
            throw new ArgumentException($"secure aggregation threshold must be more than half of the {k + 1} " +
                $"share holders (a site and its {k} neighbours) and at most {k} (got {t}).");
        if (!double.IsFinite(ClippingRange) || ClippingRange <= 0)
            throw new ArgumentException($"secure aggregation clipping range must be positive (got {ClippingRange}).");
        if (MaxWeight < 1)
            throw new ArgumentException($"secure aggregation max weight must be at least 1 (got {MaxWeight}).");
        var most = (uint)(uint.MaxValue / ((ulong)participants * (ulong)MaxWeight));
        var levels = QuantizationLevels ?? most;
        if (levels > most)
            throw new ArgumentException($"{levels} quantisation levels could overflow 32 bits with {participants} " +
                $"sites of weight up to {MaxWeight}; use at most {most}.");
        if (levels < MinimumLevels)
            throw new ArgumentException($"Only {levels} quantisation levels fit with {participants} sites and max " +
                $"weight {MaxWeight}; lower the max weight (at least {MinimumLevels} levels are needed).");
        return (k, t, levels);
    }
}
