using Arcanum.Data.Synthetic;

namespace Arcanum.Synthesis.Evaluation;

/// <summary>
/// Everything <see cref="SyntheticDataEvaluation.Evaluate"/> measured: fidelity, utility and privacy, with
/// one verdict per area. Holds aggregates only (distributions, distances, scores), never a row.
/// Write it with <see cref="EvaluationOutput.Write"/>.
/// </summary>
public sealed record EvaluationResult(
    EvaluationInputs Inputs,
    FidelityResult Fidelity,
    UtilityResult Utility,
    PrivacyReport Privacy,
    MembershipInferenceResult MembershipInference,
    IReadOnlyList<Verdict> Verdicts,
    IReadOnlyList<string> Notes)
{
    /// <summary>True when no verdict is a worry.</summary>
    public bool AllGood => Verdicts.All(v => v.Level != VerdictLevel.Worry);

    public override string ToString() => $"EvaluationResult({Inputs}; {string.Join("; ", Verdicts.Select(v => $"{v.Check} {v.LevelName}"))})";
}
