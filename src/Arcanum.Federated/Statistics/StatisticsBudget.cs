using Arcanum.Core.Privacy;

namespace Arcanum.Federated.Statistics;

/// <summary>
/// One site's privacy ledger for statistics queries. Laplace queries are pure ε-DP and add up
/// (basic composition); Gaussian queries go to an <see cref="RdpAccountant"/> as unsampled (q = 1)
/// Gaussian steps, one per measurement, and are read out at the policy's δ. The total reported is
/// the sum of both parts, a valid (ε, δ) bound. A query that would pass the budget is refused before
/// any noise is drawn. Not thread-safe: one ledger per site.
/// </summary>
public sealed class StatisticsBudget
{
    private readonly SitePolicy _policy;
    private readonly RdpAccountant _gaussian = new();
    private double _laplace;

    public StatisticsBudget(SitePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        policy.Validate();
        _policy = policy;
    }

    /// <summary>ε spent so far (at the policy's δ for Gaussian queries).</summary>
    public double EpsilonSpent => _laplace + (_gaussian.Steps == 0 ? 0 : _gaussian.GetEpsilon(_policy.Delta).Epsilon);

    /// <summary>
    /// Charges one query of <paramref name="measurements"/> measurements (each of which one record
    /// moves by at most its sensitivity) and returns the noise scale per unit of sensitivity: K/ε for
    /// Laplace (ε split evenly), and for Gaussian the σ at which K measurements together cost ε.
    /// </summary>
    /// <exception cref="StatisticsException">The query would pass the site's budget.</exception>
    internal double Charge(int measurements)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(measurements, 1);
        if (_policy.Epsilon is not { } epsilon) return 0;
        var budget = _policy.EpsilonBudget ?? double.PositiveInfinity;
        if (_policy.Mechanism == NoiseMechanism.Laplace)
        {
            if (_laplace + epsilon + GaussianPart() > budget * (1 + 1e-12)) throw Refused(epsilon, budget);
            _laplace += epsilon;
            return measurements / epsilon;
        }
        var sigma = RdpAccountant.NoiseForEpsilon(epsilon, _policy.Delta, 1.0, measurements);
        if (!double.IsPositiveInfinity(budget)
            && _gaussian.WouldExceed(budget - _laplace, _policy.Delta, sigma, 1.0, measurements))
            throw Refused(epsilon, budget);
        _gaussian.Step(sigma, 1.0, measurements);
        return sigma;
    }

    /// <summary>
    /// Counts a query the site answered before (read back from its ledger after a restart) without the
    /// budget check: what was spent stays spent, even if the budget has been lowered since.
    /// </summary>
    /// <param name="mechanism">The mechanism the query used.</param>
    /// <param name="epsilon">ε the query cost.</param>
    /// <param name="delta">δ it was calibrated at (Gaussian only).</param>
    /// <param name="measurements">How many measurements it released.</param>
    public void Restore(NoiseMechanism mechanism, double epsilon, double delta, int measurements)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(measurements, 1);
        if (!(epsilon > 0 && double.IsFinite(epsilon)))
            throw new StatisticsException($"A ledger entry spends ε = {epsilon}; it must be positive and finite.");
        if (mechanism == NoiseMechanism.Laplace)
        {
            _laplace += epsilon;
            return;
        }
        _gaussian.Step(RdpAccountant.NoiseForEpsilon(epsilon, delta, 1.0, measurements), 1.0, measurements);
    }

    private double GaussianPart() => _gaussian.Steps == 0 ? 0 : _gaussian.GetEpsilon(_policy.Delta).Epsilon;

    private StatisticsException Refused(double epsilon, double budget) =>
        new($"This query would spend ε = {epsilon:G3} more, past the site's budget of ε = {budget:G3} " +
            $"(spent so far {EpsilonSpent:G3}); the site refuses it.");
}
