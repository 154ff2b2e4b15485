namespace Arcanum.Synthesis.Evaluation;

/// <summary>How a check came out.</summary>
public enum VerdictLevel
{
    /// <summary>Within the stated threshold.</summary>
    Good,

    /// <summary>Past the stated threshold: look at the details before using the synthetic data.</summary>
    Worry,

    /// <summary>The measure could not be computed (e.g. AUROC with one class in the holdout).</summary>
    Undetermined,
}
