namespace Arcanum.Core.Privacy;

/// <summary>
/// Sums and differences of numbers held as their logarithms. The RDP series adds terms like
/// exp(2000) and exp(−700) that no double can hold directly.
/// </summary>
internal static class LogSpace
{
    /// <summary>ln(e^a + e^b).</summary>
    public static double Add(double logA, double logB)
    {
        var (low, high) = logA < logB ? (logA, logB) : (logB, logA);
        if (double.IsNegativeInfinity(low)) return high;
        return Log1P(Math.Exp(low - high)) + high;
    }

    /// <summary>ln(e^a − e^b) for a ≥ b; a negative difference is a bug in the caller, not a value.</summary>
    public static double Subtract(double logA, double logB)
    {
        if (logA < logB)
            throw new InvalidOperationException($"Log-space subtraction would go negative (ln a = {logA}, ln b = {logB}).");
        if (double.IsNegativeInfinity(logB)) return logA;
        if (logA == logB) return double.NegativeInfinity;
        var gap = logA - logB;
        // e^gap − 1 overflows past gap ≈ 709, where ln(e^gap − 1) = gap to double precision.
        return gap > 700 ? logA : Math.Log(ExpM1(gap)) + logB;
    }

    /// <summary>ln(e^x − 1) for x &gt; 0, without overflow for large x or loss of digits for tiny x.</summary>
    public static double LogExpM1(double x) => x > 36 ? x + Log1P(-Math.Exp(-x)) : Math.Log(ExpM1(x));

    /// <summary>ln(1 + x), accurate for tiny x (Goldberg's trick: the rounding of 1 + x cancels).</summary>
    public static double Log1P(double x)
    {
        var u = 1 + x;
        if (u == 1) return x;
        if (double.IsPositiveInfinity(u)) return u;
        return Math.Log(u) * x / (u - 1);
    }

    /// <summary>e^x − 1, accurate for tiny x (Kahan's trick).</summary>
    public static double ExpM1(double x)
    {
        var u = Math.Exp(x);
        if (u == 1) return x;
        var um1 = u - 1;
        if (um1 == -1) return -1;
        if (double.IsPositiveInfinity(u)) return u;
        return um1 * x / Math.Log(u);
    }
}
