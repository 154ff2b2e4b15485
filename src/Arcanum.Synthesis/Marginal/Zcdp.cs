namespace Arcanum.Synthesis.Marginal;

/// <summary>
/// Zero-concentrated differential privacy (Bun and Steinke 2016): the budget the marginal synthesizers spend,
/// its exact conversion to and from (epsilon, delta), and what the Gaussian and exponential mechanisms cost.
/// </summary>
public static class Zcdp
{
    private const int Bisections = 200;

    /// <summary>
    /// The largest rho whose guarantee implies (<paramref name="epsilon"/>, <paramref name="delta"/>)-DP under
    /// <see cref="Delta"/>, by bisection (delta grows with rho). Epsilon 1 at delta 1e-9 gives rho 0.014973.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Epsilon not positive and finite, or delta outside (0, 1).</exception>
    public static double Rho(double epsilon, double delta)
    {
        if (!(epsilon > 0) || !double.IsFinite(epsilon)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "Epsilon must be positive and finite.");
        if (!(delta > 0 && delta < 1)) throw new ArgumentOutOfRangeException(nameof(delta), delta, "Delta must be between 0 and 1.");
        // Delta(epsilon + 1, epsilon) > delta for every delta < 1 worth asking for, so the answer lies below it.
        double low = 0, high = epsilon + 1;
        for (var i = 0; i < Bisections && high - low > 1e-17 * high; i++)
        {
            var middle = (low + high) / 2;
            if (Delta(middle, epsilon) <= delta) low = middle;
            else high = middle;
        }
        return low;
    }

    /// <summary>
    /// The delta at which rho-zCDP gives <paramref name="epsilon"/>-DP, by the tight conversion of Canonne, Kamath and
    /// Steinke (2020, "The discrete Gaussian for differential privacy", Prop. 12 / Cor. 13):
    /// delta = inf over alpha &gt; 1 of exp((alpha−1)(alpha·rho − epsilon)) / (alpha − 1) · (1 − 1/alpha)^alpha.
    /// The exponent is convex in alpha, so the infimum is where its derivative
    /// (2·alpha − 1)·rho − epsilon + ln(1 − 1/alpha) changes sign, found by bisection. Any alpha gives a valid
    /// bound, so an inexact search can only overstate delta.
    /// </summary>
    public static double Delta(double rho, double epsilon)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rho);
        ArgumentOutOfRangeException.ThrowIfNegative(epsilon);
        if (rho == 0) return 0;
        // Below 1.01 the (1 − 1/alpha)^alpha term loses precision; the optimum is there only when epsilon ≲ rho, where delta is near 1 anyway.
        double low = 1.01, high = (epsilon + 1) / (2 * rho) + 2;
        for (var i = 0; i < Bisections; i++)
        {
            var middle = (low + high) / 2;
            var derivative = (2 * middle - 1) * rho - epsilon + Math.Log(1 - 1 / middle);
            if (derivative < 0) low = middle;
            else high = middle;
        }
        var alpha = (low + high) / 2;
        var logDelta = (alpha - 1) * (alpha * rho - epsilon) + alpha * Math.Log(1 - 1 / alpha) - Math.Log(alpha - 1);
        return Math.Min(Math.Exp(logDelta), 1);
    }

    /// <summary>The Gaussian noise scale that costs <paramref name="rho"/> for a query of L2 sensitivity <paramref name="sensitivity"/>: Δ/√(2ρ).</summary>
    public static double GaussianSigma(double rho, double sensitivity = 1)
    {
        if (!(rho > 0)) throw new ArgumentOutOfRangeException(nameof(rho), rho, "Rho must be positive.");
        return sensitivity / Math.Sqrt(2 * rho);
    }

    /// <summary>What Gaussian noise of scale <paramref name="sigma"/> on a query of L2 sensitivity <paramref name="sensitivity"/> costs: Δ²/(2σ²).</summary>
    public static double GaussianRho(double sigma, double sensitivity = 1) => sensitivity * sensitivity / (2 * sigma * sigma);

    /// <summary>
    /// The epsilon of an exponential mechanism that costs <paramref name="rho"/>: an epsilon-DP exponential mechanism
    /// is epsilon²/8-zCDP (Cesar and Rogers 2021, bounded range), so epsilon = √(8ρ).
    /// </summary>
    public static double ExponentialEpsilon(double rho) => Math.Sqrt(8 * rho);
}
