namespace Arcanum.Federated.Statistics;

/// <summary>
/// What a site allows to leave it in answer to a statistics query; each site enforces its own.
/// </summary>
/// <param name="MinCellCount">
/// A count below this (but above 0) is withheld, and so is every statistic computed from fewer
/// records. This is the usual small-cell rule of official statistics, not differential privacy: it stops
/// a reader from seeing a handful of patients in one release, not from differencing many releases.
/// </param>
/// <param name="Epsilon">
/// ε spent on one query, or null for no noise. With it, the site adds noise calibrated to the
/// declared ranges before anything leaves it (differential privacy against add/remove of one record).
/// </param>
/// <param name="EpsilonBudget">Total ε the site allows over all queries; a query that would pass it is refused.
/// </param>
/// <param name="Delta">δ of the Gaussian mechanism (ignored by Laplace, which is pure ε-DP).</param>
/// <param name="Mechanism">Laplace or Gaussian noise.</param>
public sealed record SitePolicy(
    int MinCellCount = SitePolicy.DefaultMinCellCount,
    double? Epsilon = null,
    double? EpsilonBudget = null,
    double Delta = 1e-6,
    NoiseMechanism Mechanism = NoiseMechanism.Laplace)
{
    public const int DefaultMinCellCount = 10;

    /// <summary>Whether the site adds noise.</summary>
    public bool IsNoisy => Epsilon is not null;

    /// <exception cref="StatisticsException">A setting that would give no or false protection.</exception>
    public void Validate()
    {
        if (MinCellCount < 1)
            throw new StatisticsException(
                $"The minimum count per released cell must be at least 1; got {MinCellCount}. (10 is usual.)");
        if (Epsilon is { } epsilon && !(epsilon > 0 && double.IsFinite(epsilon)))
            throw new StatisticsException(
                $"ε per query must be a positive finite number; got {epsilon}. Leave it unset for no noise.");
        if (EpsilonBudget is { } budget)
        {
            if (Epsilon is null)
                throw new StatisticsException("An ε budget was set without ε per query; set both, or neither.");
            if (!(budget >= Epsilon))
                throw new StatisticsException(
                    $"The ε budget {budget} is below ε per query {Epsilon}; no query could run.");
        }
        if (Mechanism == NoiseMechanism.Gaussian && !(Delta > 0 && Delta < 1e-3))
            throw new StatisticsException(
                $"δ for the Gaussian mechanism must be in (0, 0.001), well below 1/records; got {Delta}.");
    }
}
