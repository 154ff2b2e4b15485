namespace Arcanum.Federated.SecureAggregation;

/// <summary>
/// What the server learns: Σ w_u · clip(x_u) over the contributors (each coordinate within
/// <see cref="ErrorBound"/>), Σ w_u, and the exact sums of the counts they appended, never any single site's.
/// <see cref="Parts"/> holds the weighted sum in the arrays the server summed in (one per vector part it was given, in order), decoded
/// in place and handed over: the caller may keep them, as the new model's arrays. <see cref="SecAggVectors.AsModel"/> divides them in
/// place, so read <see cref="WeightedSum"/>, <see cref="SumOver"/> or <see cref="WeightedMean"/> before it, not after.
/// </summary>
public sealed record SecAggResult(IReadOnlyList<float[]> Parts, long TotalWeight, int[] Contributors, double ErrorBound, long[]? Counts = null)
{
    /// <summary>Σ w x as one vector (a copy of <see cref="Parts"/> end to end).</summary>
    public float[] WeightedSum() => [.. Parts.SelectMany(p => p)];

    /// <summary>The weighted mean Σ w x / Σ w; each coordinate within Δ of the clipped weighted mean.</summary>
    public float[] WeightedMean() => SumOver(TotalWeight);

    /// <summary>Σ w x / <paramref name="denominator"/>: DP-FedAvg's fixed denominator (the sites asked, not those that answered).</summary>
    public float[] SumOver(long denominator)
    {
        if (denominator <= 0) throw new SecAggException("The contributors' total weight is zero; there is no mean.");
        var mean = WeightedSum();
        for (var i = 0; i < mean.Length; i++) mean[i] = (float)(mean[i] / (double)denominator);
        return mean;
    }
}
