using Arcanum.Core.Privacy;

namespace Arcanum.Federated.Privacy;

/// <summary>
/// ε of client-level DP-FedAvg: each round is one sampled Gaussian step whose units are sites, not
/// rows, with sampling rate q = sites per round / sites. The accountants assume each site joins a
/// round independently with probability q (Poisson); a fixed-size draw is close but not identical,
/// and q = 1 (every site, every round) is exact either way.
/// </summary>
public static class ClientDpAccounting
{
    /// <summary>q = <paramref name="sitesPerRound"/> / <paramref name="totalSites"/>.</summary>
    public static double SiteSamplingRate(int sitesPerRound, int totalSites)
    {
        if (totalSites < 1) throw new ArgumentOutOfRangeException(nameof(totalSites), $"There must be at least one " +
            $"site; got {totalSites}.");
        if (sitesPerRound < 1 || sitesPerRound > totalSites)
            throw new ArgumentOutOfRangeException(nameof(sitesPerRound), $"Sites per round must be between 1 and " +
                $"{totalSites}; got {sitesPerRound}.");
        return (double)sitesPerRound / totalSites;
    }

    /// <summary>
    /// ε at <paramref name="delta"/> after <paramref name="rounds"/> rounds at noise multiplier σ with
    /// the named accountant ("rdp" or "prv"); +∞ when σ = 0 (no noise, no guarantee).
    /// </summary>
    public static double Epsilon(string accountant, double noiseMultiplier, int sitesPerRound, int totalSites,
        long rounds, double delta)
    {
        var q = SiteSamplingRate(sitesPerRound, totalSites);
        if (rounds < 0) throw new ArgumentOutOfRangeException(nameof(rounds), $"Rounds must be non-negative; got " +
            $"{rounds}.");
        if (noiseMultiplier == 0) return rounds == 0 ? 0 : double.PositiveInfinity;
        var acc = PrivacyAccountants.Create(accountant);
        for (var done = 0L; done < rounds; done += int.MaxValue)
            acc.Step(noiseMultiplier, q, (int)Math.Min(int.MaxValue, rounds - done));
        return acc.GetEpsilon(delta);
    }

    /// <summary>The accountant named in <paramref name="options"/>, for the engine to feed one Step per
    /// round.</summary>
    public static IPrivacyAccountant CreateAccountant(ClientDpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return PrivacyAccountants.Create(options.Accountant);
    }
}
