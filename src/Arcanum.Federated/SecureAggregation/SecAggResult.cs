namespace Arcanum.Federated.SecureAggregation;

/// <summary>
/// What the server learns: Σ w_u · clip(x_u) over the contributors (each coordinate within
/// <see cref="ErrorBound"/>), Σ w_u, and the exact sums of the counts they appended, never any single site's.
/// <see cref="WeightedSum"/> is the start of the array the server summed in, decoded in place; a server given
/// <see cref="SecAggBuffers"/> hands back the job's kept array: read it before the job's next round takes its first masked input.
/// </summary>
public sealed record SecAggResult(ArraySegment<float> WeightedSum, long TotalWeight, int[] Contributors, double ErrorBound, long[]? Counts = null)
{
    /// <summary>The weighted mean Σ w x / Σ w; each coordinate within Δ of the clipped weighted mean.</summary>
    public float[] WeightedMean() => SumOver(TotalWeight);

    /// <summary>Σ w x / <paramref name="denominator"/>: DP-FedAvg's fixed denominator (the sites asked, not those that answered).</summary>
    public float[] SumOver(long denominator)
    {
        if (denominator <= 0) throw new SecAggException("The contributors' total weight is zero; there is no mean.");
        var mean = new float[WeightedSum.Count];
        for (var i = 0; i < mean.Length; i++) mean[i] = (float)(WeightedSum[i] / (double)denominator);
        return mean;
    }
}
