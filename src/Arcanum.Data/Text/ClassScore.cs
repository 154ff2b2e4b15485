namespace Arcanum.Data.Text;

/// <summary>One class's share of a classification score.</summary>
/// <param name="Label">The class.</param>
/// <param name="Support">Test texts of the class.</param>
/// <param name="Predicted">Test texts predicted as the class.</param>
/// <param name="Correct">Test texts of the class predicted as it.</param>
public sealed record ClassScore(string Label, int Support, int Predicted, int Correct)
{
    public double Precision => Predicted == 0 ? 0 : (double)Correct / Predicted;

    public double Recall => Support == 0 ? 0 : (double)Correct / Support;

    /// <summary>Harmonic mean of precision and recall (0 when the class was never predicted or never occurs).</summary>
    public double F1 => Correct == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}
