namespace Arcanum.Synthesis.Marginal;

/// <summary>The exponential mechanism (McSherry and Talwar 2007): pick i with probability ∝ exp(ε·q_i / (2Δ)).</summary>
internal static class ExponentialMechanism
{
    /// <summary>The index chosen, by the Gumbel-max trick (argmax of ε·q/(2Δ) plus a standard Gumbel), which draws exactly that distribution.</summary>
    public static int Choose(IReadOnlyList<double> qualities, double epsilon, double sensitivity, Random noise)
    {
        if (qualities.Count == 0) throw new ArgumentException("The exponential mechanism needs at least one candidate.", nameof(qualities));
        var best = -1;
        var bestScore = double.NegativeInfinity;
        for (var i = 0; i < qualities.Count; i++)
        {
            var score = epsilon * qualities[i] / (2 * sensitivity) + noise.Gumbel();
            if (score > bestScore) (best, bestScore) = (i, score);
        }
        return best;
    }
}
