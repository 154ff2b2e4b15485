namespace Arcanum.Federated.SecureAggregation;

/// <summary>
/// Server → every participant at the start of a round: who takes part and the round's settings. A site
/// checks it (<see cref="Validate"/>) before taking part, so a server cannot lower the threshold quietly.
/// </summary>
/// <param name="RoundId">Unique per job and round; bound into every signature, key and share.</param>
/// <param name="Participants">Site ids taking part, distinct.</param>
/// <param name="NeighbourCount">k in force (even, or n − 1 for a complete graph).</param>
/// <param name="Threshold">t in force.</param>
/// <param name="GraphSeed">32 bytes that fix the random labelling of the neighbour ring.</param>
/// <param name="ClippingRange">c: values are clipped to [−c, c].</param>
/// <param name="QuantizationLevels">L: quantisation step Δ = 2c / L.</param>
/// <param name="MaxWeight">Cap on a site's weight (sample count).</param>
/// <param name="VectorLength">Floats in each site's update.</param>
/// <param name="MinSurvivors">
/// The fewest masked inputs the server may unmask the sum of (the job's min_sites; at least <see cref="Threshold"/>): a round with
/// fewer is abandoned before unmasking, so no attempt the server will retry ever reveals a sum.
/// </param>
/// <param name="CountLength">Whole counts each site appends after its update, summed exactly (the network's score histograms); 0 for none.</param>
public sealed record SecAggSetup(
    string RoundId,
    int[] Participants,
    int NeighbourCount,
    int Threshold,
    byte[] GraphSeed,
    double ClippingRange,
    uint QuantizationLevels,
    int MaxWeight,
    int VectorLength,
    int CountLength = 0,
    int MinSurvivors = 0)
{
    /// <summary>Throws <see cref="SecAggException"/> if these settings would not protect a site's input.</summary>
    public void Validate()
    {
        if (string.IsNullOrEmpty(RoundId)) throw new SecAggException("The round has no id.");
        if (Participants is null || Participants.Distinct().Count() != Participants.Length)
            throw new SecAggException("The participant list is missing or repeats a site.");
        if (GraphSeed is not { Length: 32 }) throw new SecAggException("The neighbour-graph seed must be 32 bytes.");
        if (VectorLength < 0 || CountLength < 0) throw new SecAggException("The update or count length is negative.");
        if (MinSurvivors < 0 || MinSurvivors > Participants.Length)
            throw new SecAggException($"The round's minimum of survivors ({MinSurvivors}) is outside 0..{Participants.Length}.");
        var options = new SecAggOptions
        {
            NeighbourCount = NeighbourCount,
            Threshold = Threshold,
            ClippingRange = ClippingRange,
            MaxWeight = MaxWeight,
            QuantizationLevels = QuantizationLevels,
        };
        try
        {
            var (k, _, _) = options.Resolve(Participants.Length);
            if (k != NeighbourCount) throw new ArgumentException($"Neighbour count {NeighbourCount} is not in force.");
        }
        catch (ArgumentException e)
        {
            throw new SecAggException($"Unsafe secure-aggregation settings from the server: {e.Message}", e);
        }
    }

    /// <summary>Whether <paramref name="other"/> holds the same settings (a later step must not change what a site checked at the first).</summary>
    public bool SameAs(SecAggSetup other) =>
        other is not null && RoundId == other.RoundId && Participants.SequenceEqual(other.Participants) && NeighbourCount == other.NeighbourCount
        && Threshold == other.Threshold && GraphSeed.AsSpan().SequenceEqual(other.GraphSeed) && ClippingRange.Equals(other.ClippingRange)
        && QuantizationLevels == other.QuantizationLevels && MaxWeight == other.MaxWeight && VectorLength == other.VectorLength
        && CountLength == other.CountLength && MinSurvivors == other.MinSurvivors;

    /// <summary>Quantisation step Δ = 2c / L; the weighted mean is within Δ of the clipped weighted mean.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double QuantizationStep => 2 * ClippingRange / QuantizationLevels;
}
