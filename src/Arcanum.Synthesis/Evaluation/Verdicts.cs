using System.Globalization;
using Arcanum.Data.Synthetic;

namespace Arcanum.Synthesis.Evaluation;

/// <summary>Turns the measurements into one <see cref="Verdict"/> per area, each with its threshold in words.</summary>
internal static class Verdicts
{
    public static IReadOnlyList<Verdict> From(FidelityResult fidelity, UtilityResult utility, PrivacyReport privacy, MembershipInferenceResult attack) =>
        [Fidelity(fidelity), Utility(utility), Distances(privacy), Membership(attack)];

    private static Verdict Fidelity(FidelityResult f)
    {
        var columns = f.Columns.Where(c => c.Distance > FidelityResult.WorryColumnDistance).OrderByDescending(c => c.Distance).ToList();
        var pairs = f.Pairs.Where(p => p.Difference > FidelityResult.WorryPairDifference).OrderByDescending(p => p.Difference).ToList();
        var good = f.Score.Overall >= FidelityResult.GoodScore && columns.Count == 0 && pairs.Count == 0;
        var summary = Invariant($"Fidelity score {f.Score.Overall:0.000} (column shapes {f.Score.ColumnShapes:0.000}, pair trends {f.Score.PairTrends:0.000}).");
        summary += columns.Count == 0
            ? Invariant($" No column is further than {FidelityResult.WorryColumnDistance} from its real distribution.")
            : Invariant($" {Count(columns.Count, "column is", "columns are")} clearly off: {List(columns.Select(c => Invariant($"{c.Column} ({c.Distance:0.00})")))}.");
        summary += pairs.Count == 0
            ? Invariant($" No pair's dependence differs by more than {FidelityResult.WorryPairDifference}.")
            : Invariant($" {Count(pairs.Count, "pair has", "pairs have")} a dependence that differs by more than {FidelityResult.WorryPairDifference}: {List(pairs.Select(p => Invariant($"{p.First} × {p.Second} (real {p.Real:0.00}, synthetic {p.Synthetic:0.00})")))}.");
        return new Verdict("fidelity", "Statistical fidelity", good ? VerdictLevel.Good : VerdictLevel.Worry, summary,
            Invariant($"Good when the score is at least {FidelityResult.GoodScore}, no column distance (KS or total variation) exceeds {FidelityResult.WorryColumnDistance} and no pair's dependence (Pearson, Cramér's V or η) differs by more than {FidelityResult.WorryPairDifference}."));
    }

    private static string Count(int n, string one, string many) => n == 1 ? $"1 {one}" : Invariant($"{n} {many}");

    private static string List(IEnumerable<string> items)
    {
        var all = items.ToList();
        return string.Join(", ", all.Take(5)) + (all.Count > 5 ? Invariant($" and {all.Count - 5} more") : "");
    }

    private static Verdict Utility(UtilityResult u)
    {
        const string threshold = "Good when, for every classifier, TSTR AUROC is at least 0.9 × TRTR AUROC (trained on synthetic vs trained on real, both tested on the real holdout).";
        var ratios = u.Classifiers.Select(c => (c.Name, Ratio: c.AurocRatio, c.Trtr, c.Tstr)).ToList();
        if (ratios.Any(r => !double.IsFinite(r.Ratio)))
        {
            return new Verdict("utility", "Machine-learning utility", VerdictLevel.Undetermined,
                "The AUROC ratio could not be computed for every classifier (see the notes: a class missing from the holdout, or no usable synthetic rows).", threshold);
        }
        var worst = ratios.MinBy(r => r.Ratio);
        var summary = string.Join("; ", ratios.Select(r => Invariant($"{r.Name}: TSTR AUROC {r.Tstr!.Auroc:0.000} vs TRTR {r.Trtr.Auroc:0.000} (ratio {r.Ratio:0.00})"))) + ".";
        return new Verdict("utility", "Machine-learning utility", worst.Ratio >= UtilityResult.GoodAurocRatio ? VerdictLevel.Good : VerdictLevel.Worry, summary, threshold);
    }

    private static Verdict Distances(PrivacyReport p)
    {
        var warnings = p.Warnings;
        var summary = warnings.Count > 0
            ? string.Join(" ", warnings)
            : Invariant($"{Percent.Of(p.ShareCloserToTrain, 0)} of synthetic rows are closer to train than to holdout; no exact copies; median DCR {p.SyntheticToTrain.P50:0.###} (holdout→train {p.HoldoutToTrain.P50:0.###}).");
        return new Verdict("privacy_distances", "Privacy: distances to training rows", warnings.Count == 0 ? VerdictLevel.Good : VerdictLevel.Worry, summary,
            "Good when at most 60% of synthetic rows are closer to train than to holdout, no synthetic row copies a training row, the median synthetic→train DCR is not more than 10% below the holdout→train median, and the 5th percentile of NNDR is at least 0.1.");
    }

    private static Verdict Membership(MembershipInferenceResult m)
    {
        var threshold = Invariant($"Good when the attack AUROC is at most {MembershipInferenceResult.WorryAuroc} (0.5 = a coin flip).");
        if (!double.IsFinite(m.Auroc))
            return new Verdict("membership_inference", "Privacy: membership inference", VerdictLevel.Undetermined, "The attack could not be scored.", threshold);
        var summary = Invariant($"A distance-based attack tells training patients from unseen ones with AUROC {m.Auroc:0.000} (advantage {m.Advantage:0.000}).");
        return new Verdict("membership_inference", "Privacy: membership inference", m.Auroc <= MembershipInferenceResult.WorryAuroc ? VerdictLevel.Good : VerdictLevel.Worry, summary, threshold);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
