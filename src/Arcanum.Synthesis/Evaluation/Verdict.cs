namespace Arcanum.Synthesis.Evaluation;

/// <summary>One plain-language conclusion about the synthetic data.</summary>
/// <param name="Check">"fidelity", "utility", "privacy_distances" or "membership_inference".</param>
/// <param name="Title">A short heading, e.g. "Statistical fidelity".</param>
/// <param name="Level">Good, worry or undetermined.</param>
/// <param name="Summary">What was found, with the numbers.</param>
/// <param name="Threshold">The rule that decided <paramref name="Level"/>.</param>
public sealed record Verdict(string Check, string Title, VerdictLevel Level, string Summary, string Threshold)
{
    /// <summary>"good", "worry" or "undetermined", as metrics.json writes it.</summary>
    public string LevelName => Level.ToString().ToLowerInvariant();

    public override string ToString() => $"{Title}: {LevelName}. {Summary}";
}
