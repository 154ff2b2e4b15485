using System.Globalization;

namespace Arcanum.Risk;

/// <summary>
/// The release measured against El Emam's risk thresholds, strictest first, in plain words. The limits are on
/// prosecutor risk, the worst case (journalist and marketer risk are never higher). Sources: K. El Emam, "Guide to
/// the De-Identification of Personal Health Information", CRC Press 2013, and El Emam &amp; Arbuckle, "Anonymizing
/// Health Data", O'Reilly 2013: highest risk 0.5 / 0.33 / 0.2 / 0.1 correspond to k = 2 / 3 / 5 / 10 (so the
/// 0.33 limit is 1/3 exactly, which a 3-anonymous release meets); public
/// releases use about 0.05-0.1 (the European Medicines Agency's clinical-data publication guidance, Policy 0070,
/// uses 0.09); releases to a recipient bound by an agreement are judged on average risk, 0.05 to 0.2 depending on
/// the controls. Which tier a release belongs to is the data custodian's decision, not the tool's.
/// </summary>
public sealed record RiskVerdict(string Summary, IReadOnlyList<ReleaseTier> Tiers)
{
    /// <summary>The tiers, strictest first: (name, highest risk limit, average risk limit, who may receive
    /// it).</summary>
    public static readonly IReadOnlyList<(string Name, double Highest, double Average, string Audience)> Thresholds =
    [
        ("public release", 0.09, 0.09, "anyone (open publication)"),
        ("non-public release", 1.0 / 3, 0.05, "a named recipient under a data-sharing agreement"),
        ("trusted recipient", 0.5, 0.1, "a recipient with strong security and privacy controls"),
    ];

    public static RiskVerdict Judge(AttackerRisk prosecutor)
    {
        ArgumentNullException.ThrowIfNull(prosecutor);
        var tiers = Thresholds.Select(t =>
        {
            var met = prosecutor.Highest <= t.Highest && prosecutor.Average <= t.Average;
            var reason = met
                ? F($"highest risk {prosecutor.Highest:0.###} ≤ {t.Highest:0.###} and ") +
                  F($"average {prosecutor.Average:0.####} ≤ {t.Average}")
                : prosecutor.Highest > t.Highest
                    ? F($"highest risk {prosecutor.Highest:0.###} is above {t.Highest:0.###}")
                    : F($"average risk {prosecutor.Average:0.####} is above {t.Average}");
            return new ReleaseTier(t.Name, t.Highest, t.Average, met, reason);
        }).ToArray();
        var best = tiers.Select((t, i) => (t, i)).FirstOrDefault(x => x.t.Met);
        var summary = best.t is null
            ? "Not safe to release in any tier: a record can be re-identified with probability up to " +
              F($"{prosecutor.Highest:0.###}, ") +
              F($"and {prosecutor.Average:0.#%} of records on average. Generalise or suppress quasi-identifiers first.")
            : $"Meets the {best.t.Name} threshold: it may go to {Thresholds[best.i].Audience}" +
              (best.i == 0 ? "." : $"; it does not meet the {tiers[0].Name} threshold ({tiers[0].Reason}).");
        return new RiskVerdict(summary, tiers);
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
