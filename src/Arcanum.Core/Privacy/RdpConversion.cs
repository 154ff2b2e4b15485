namespace Arcanum.Core.Privacy;

/// <summary>Turns an RDP curve ε_RDP(α) into an (ε, δ)-DP guarantee, minimising over the orders.</summary>
public static class RdpConversion
{
    /// <summary>
    /// The conversion Opacus uses (Balle et al. 2020, "Hypothesis testing interpretations and Rényi
    /// DP", Thm 21; Canonne, Kamath &amp; Steinke 2020):
    /// ε = min_α [ ε_RDP(α) − (ln δ + ln α)/(α − 1) + ln((α − 1)/α) ], floored at 0.
    /// </summary>
    public static PrivacySpent ToEpsilon(IReadOnlyList<double> orders, IReadOnlyList<double> rdp, double delta) =>
        Minimise(orders, rdp, delta, static (alpha, r, logDelta) =>
            r - (logDelta + Math.Log(alpha)) / (alpha - 1) + Math.Log((alpha - 1) / alpha));

    /// <summary>
    /// Mironov's original conversion (2017, Prop. 3), ε = min_α [ ε_RDP(α) − ln δ/(α − 1) ]: looser,
    /// but what TF Privacy and older Opacus printed, so it reproduces published numbers such as the
    /// Opacus MNIST README's ε = 1.16 / 2.91 / 6.86.
    /// </summary>
    public static PrivacySpent ToEpsilonClassic(IReadOnlyList<double> orders, IReadOnlyList<double> rdp, double delta) =>
        Minimise(orders, rdp, delta, static (alpha, r, logDelta) => r - logDelta / (alpha - 1));

    private static PrivacySpent Minimise(
        IReadOnlyList<double> orders, IReadOnlyList<double> rdp, double delta, Func<double, double, double, double> epsilonAt)
    {
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(rdp);
        PrivacyGuard.Delta(delta);
        if (orders.Count == 0) throw new ArgumentException("At least one Rényi order is needed.", nameof(orders));
        if (orders.Count != rdp.Count)
            throw new ArgumentException($"There are {orders.Count} orders but {rdp.Count} RDP values.", nameof(rdp));

        // A mechanism that touched no data (no steps, or q = 0) is exactly (0, 0)-DP; the conversion
        // formula alone would report its own slack (≈ 0.1 at δ = 1e-5) instead.
        if (rdp.All(r => r == 0)) return new PrivacySpent(0, double.NaN);

        var logDelta = Math.Log(delta);
        var best = new PrivacySpent(double.PositiveInfinity, double.NaN);
        for (var k = 0; k < orders.Count; k++)
        {
            PrivacyGuard.Order(orders[k]);
            if (rdp[k] < 0) throw new ArgumentException($"RDP values cannot be negative; got {rdp[k]} at α = {orders[k]}.", nameof(rdp));
            var epsilon = epsilonAt(orders[k], rdp[k], logDelta);
            // NaN (an undefined order) and +∞ never win; if every order is like that, ε stays +∞: no guarantee.
            if (epsilon < best.Epsilon) best = new PrivacySpent(epsilon, orders[k]);
        }
        // A negative ε still means the pair is at least (0, δ)-DP.
        return best with { Epsilon = Math.Max(best.Epsilon, 0) };
    }
}
