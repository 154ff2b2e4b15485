namespace Arcanum.Synthesis.Evaluation;

/// <summary>
/// Machine-learning utility: does a model trained on the synthetic table predict real unseen rows as
/// well as one trained on the real training table (train-synthetic-test-real vs train-real-test-real)?
/// </summary>
/// <param name="Target">The predicted column.</param>
/// <param name="ClassNames">The classes, in label order, as the real training table defines them.</param>
/// <param name="PositiveClass">The class whose probability binary AUROC ranks by; null for multiclass (macro one-vs-rest).</param>
/// <param name="Classifiers">Each classifier's TRTR and TSTR scores.</param>
/// <param name="Notes">Rows left out, classes the synthetic table lacks, undefined metrics.</param>
public sealed record UtilityResult(string Target, IReadOnlyList<string> ClassNames, string? PositiveClass, IReadOnlyList<ClassifierUtility> Classifiers, IReadOnlyList<string> Notes)
{
    /// <summary>TSTR/TRTR AUROC at or above this is good.</summary>
    public const double GoodAurocRatio = 0.9;

    /// <summary>What the numbers mean and when to worry.</summary>
    public const string Explanation =
        "TRTR: a classifier trained on the real training rows, tested on the real holdout rows (what real data achieves). " +
        "TSTR: the same classifier trained on the synthetic rows, tested on the same holdout rows. A ratio TSTR/TRTR near 1 " +
        "means the synthetic data keeps what predicts the target; worry below 0.9 for AUROC. TSTR AUROC near 0.5 means the " +
        "synthetic data lost the link between the features and the target. Two model families guard against one of them " +
        "hiding a problem: logistic regression sees main effects, the random forest also interactions.";

    public override string ToString() => $"Utility({Target}: {string.Join("; ", Classifiers)})";
}
