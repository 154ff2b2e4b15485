namespace Arcanum.Core.Privacy;

/// <summary>
/// Rényi differential privacy of one step of the sampled Gaussian mechanism (each record joins
/// the batch independently with probability q, the clipped sum gets N(0, σ²C²) noise), after
/// Mironov, Talwar &amp; Zhang 2019, "Rényi Differential Privacy of the Sampled Gaussian Mechanism"
/// (arXiv:1908.10530, §3.3), as Opacus and TF Privacy compute it. Everything is summed in log
/// space, because the terms span far more than a double's range. RDP composes by addition, so
/// T identical steps cost T·RDP(α).
/// </summary>
public static class SampledGaussianRdp
{
    /// <summary>
    /// Opacus' default orders: 1.1, 1.2, …, 10.9 and 12, 13, …, 63 (151 orders). Order 11 is not
    /// in the list, as in Opacus.
    /// </summary>
    public static IReadOnlyList<double> DefaultOrders { get; } = Array.AsReadOnly(
        [.. Enumerable.Range(1, 99).Select(x => 1 + x / 10.0), .. Enumerable.Range(12, 52).Select(x => (double)x)]);

    // Terms below e^−30 no longer matter (Opacus' stopping rule). The cap only guards against a
    // series that does not converge, which is a bug, never a value.
    private const double NegligibleLogTerm = -30;
    private const int MaxSeriesTerms = 1_000_000;

    /// <summary>RDP ε(α) of one step at each of <paramref name="orders"/>.</summary>
    public static double[] Compute(double noiseMultiplier, double sampleRate, IReadOnlyList<double> orders)
    {
        ArgumentNullException.ThrowIfNull(orders);
        var rdp = new double[orders.Count];
        for (var k = 0; k < rdp.Length; k++) rdp[k] = Compute(noiseMultiplier, sampleRate, orders[k]);
        return rdp;
    }

    /// <summary>
    /// RDP ε(α) of one step at order <paramref name="order"/> (&gt; 1). q = 0 costs nothing;
    /// q = 1 is the plain Gaussian mechanism, α/(2σ²).
    /// </summary>
    public static double Compute(double noiseMultiplier, double sampleRate, double order)
    {
        PrivacyGuard.NoiseMultiplier(noiseMultiplier);
        PrivacyGuard.SampleRate(sampleRate);
        PrivacyGuard.Order(order);

        if (sampleRate == 0) return 0;
        if (sampleRate == 1) return order / (2 * noiseMultiplier * noiseMultiplier);
        if (double.IsPositiveInfinity(order)) return double.PositiveInfinity;

        var logA = order == Math.Floor(order) && order <= int.MaxValue
            ? LogAForIntegerOrder(sampleRate, noiseMultiplier, (int)order)
            : LogAForFractionalOrder(sampleRate, noiseMultiplier, order);
        // RDP is never negative; a value a rounding error below 0 (ln A ≈ 0 at huge σ) is 0.
        return Math.Max(0, logA / (order - 1));
    }

    /// <summary>
    /// ln A_α for integer α: A_α = Σ_{i=0..α} C(α,i)·(1−q)^(α−i)·q^i·exp((i² − i)/(2σ²)).
    /// The binomial weights sum to 1, so A_α − 1 = Σ_{i≥2} C(α,i)·(1−q)^(α−i)·q^i·expm1((i² − i)/(2σ²)),
    /// a sum of positive terms. Summing that instead of A_α keeps full relative precision when
    /// A_α − 1 is tiny (small q or large σ), where ln A_α summed directly would lose digits to 1.
    /// </summary>
    private static double LogAForIntegerOrder(double q, double sigma, int alpha)
    {
        var logQ = Math.Log(q);
        var log1MinusQ = LogSpace.Log1P(-q);
        var twoSigmaSquared = 2 * sigma * sigma;
        var logAMinusOne = double.NegativeInfinity;
        var logBinomial = Math.Log(alpha); // C(α, 1)
        for (var i = 2; i <= alpha; i++)
        {
            logBinomial += Math.Log(alpha - i + 1) - Math.Log(i);
            var exponent = ((double)i * i - i) / twoSigmaSquared;
            var logTerm = logBinomial + i * logQ + (alpha - i) * log1MinusQ + LogSpace.LogExpM1(exponent);
            logAMinusOne = LogSpace.Add(logAMinusOne, logTerm);
        }
        return LogSpace.Add(0, logAMinusOne);
    }

    /// <summary>
    /// ln A_α for fractional α: the two infinite series of MTZ 2019 §3.3, split at
    /// z₀ = σ²·ln(1/q − 1) + ½, with erfc tails. C(α, i) changes sign for i &gt; α, so terms are
    /// added or subtracted in log space by that sign. As in Opacus, A_α ≈ 1 + O(q²) is summed as a
    /// whole, so the result carries an absolute error near 1e-16 in ln A_α: about 1e-9 relative at
    /// q = 1e-4, but percent-level at q ≈ 1e-6, where one step costs ~1e-13 and only ~1e12 steps
    /// would make that visible in ε. Integer orders have no such loss.
    /// </summary>
    private static double LogAForFractionalOrder(double q, double sigma, double alpha)
    {
        var logQ = Math.Log(q);
        var log1MinusQ = LogSpace.Log1P(-q);
        var twoSigmaSquared = 2 * sigma * sigma;
        var sqrt2Sigma = Math.Sqrt(2) * sigma;
        var z0 = sigma * sigma * (log1MinusQ - logQ) + 0.5;
        var logHalf = Math.Log(0.5);

        double logA0 = double.NegativeInfinity, logA1 = double.NegativeInfinity;
        var logAbsBinomial = 0.0;
        var binomialPositive = true;
        for (var i = 0; i < MaxSeriesTerms; i++)
        {
            if (i > 0)
            {
                var factor = alpha - i + 1;
                logAbsBinomial += Math.Log(Math.Abs(factor)) - Math.Log(i);
                if (factor < 0) binomialPositive = !binomialPositive;
            }
            var j = alpha - i;
            var logT0 = logAbsBinomial + i * logQ + j * log1MinusQ;
            var logT1 = logAbsBinomial + j * logQ + i * log1MinusQ;
            var logE0 = logHalf + ErrorFunction.LogErfc((i - z0) / sqrt2Sigma);
            var logE1 = logHalf + ErrorFunction.LogErfc((z0 - j) / sqrt2Sigma);
            var logS0 = logT0 + ((double)i * i - i) / twoSigmaSquared + logE0;
            var logS1 = logT1 + (j * j - j) / twoSigmaSquared + logE1;

            if (binomialPositive)
            {
                logA0 = LogSpace.Add(logA0, logS0);
                logA1 = LogSpace.Add(logA1, logS1);
            }
            else
            {
                logA0 = LogSpace.Subtract(logA0, logS0);
                logA1 = LogSpace.Subtract(logA1, logS1);
            }

            if (Math.Max(logS0, logS1) < NegligibleLogTerm) return LogSpace.Add(logA0, logA1);
        }
        throw new InvalidOperationException(
            $"The RDP series for σ = {sigma}, q = {q}, α = {alpha} did not converge in {MaxSeriesTerms} terms.");
    }
}
