namespace Arcanum.Synthesis.Evaluation;

/// <summary>
/// One classifier trained on the real training table (TRTR) and on the synthetic table (TSTR), both
/// scored on the real holdout. <see cref="Tstr"/> is null when the synthetic table has no row with a
/// usable target value.
/// </summary>
public sealed record ClassifierUtility(string Name, string Description, ClassScores Trtr, ClassScores? Tstr)
{
    /// <summary>TSTR AUROC / TRTR AUROC; 1 means the synthetic data trains as good a model as the real data. NaN when undefined.</summary>
    public double AurocRatio => Ratio(Tstr?.Auroc, Trtr.Auroc);

    /// <summary>TSTR macro-F1 / TRTR macro-F1.</summary>
    public double MacroF1Ratio => Ratio(Tstr?.MacroF1, Trtr.MacroF1);

    /// <summary>TSTR accuracy / TRTR accuracy.</summary>
    public double AccuracyRatio => Ratio(Tstr?.Accuracy, Trtr.Accuracy);

    private static double Ratio(double? synthetic, double real) =>
        synthetic is { } s && double.IsFinite(s) && double.IsFinite(real) && real > 0 ? s / real : double.NaN;

    public override string ToString() =>
        FormattableString.Invariant($"{Name}: TRTR [{Trtr}], TSTR [{(Tstr is null ? "not trained" : Tstr.ToString())}], AUROC ratio {AurocRatio:0.###}");
}
