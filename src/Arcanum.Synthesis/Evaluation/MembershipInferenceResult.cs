namespace Arcanum.Synthesis.Evaluation;

/// <summary>
/// A distance-based black-box membership-inference attack: the attacker holds the synthetic table and a
/// real record and guesses "it was in the training data" when the record has a synthetic row close by.
/// Members are training rows, non-members holdout rows, equally many of each.
/// </summary>
/// <param name="Auroc">How well minus the distance to the closest synthetic row separates members from non-members; 0.5 = no better than a coin.</param>
/// <param name="Advantage">The attacker's best TPR − FPR over all distance thresholds, in [0, 1]; 0 = no advantage.</param>
/// <param name="Members">Training rows attacked.</param>
/// <param name="NonMembers">Holdout rows attacked.</param>
/// <param name="Notes">Subsampling and the like.</param>
public sealed record MembershipInferenceResult(double Auroc, double Advantage, int Members, int NonMembers, IReadOnlyList<string> Notes)
{
    /// <summary>Attack AUROC above this is a worry.</summary>
    public const double WorryAuroc = 0.6;

    /// <summary>What the numbers mean and when to worry.</summary>
    public const string Explanation =
        "An attacker who has the synthetic table and a patient's record guesses that the patient was in the training data " +
        "when some synthetic row lies close to the record. AUROC 0.5 means the guess is a coin flip: training patients are no " +
        "closer to the synthetic rows than patients the generator never saw. Worry above 0.6; above 0.8 the synthetic rows " +
        "give away who was in the training data. Advantage is the best true-positive rate minus false-positive rate any " +
        "distance threshold reaches (0 = none). A low value is evidence, not proof: stronger attacks (shadow models) exist, " +
        "and only differential privacy gives a guarantee.";

    public override string ToString() =>
        FormattableString.Invariant($"membership inference AUROC {Auroc:0.###}, advantage {Advantage:0.###} ({Members} members, {NonMembers} non-members)");
}
