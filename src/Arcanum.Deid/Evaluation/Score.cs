namespace Arcanum.Deid.Evaluation;

/// <summary>
/// Counts behind recall and precision: of <see cref="Gold"/> spans, <see cref="Found"/> were matched; of
/// <see cref="Predicted"/> spans, <see cref="Correct"/> matched a gold span. A ratio with nothing to divide by is
/// null (no gold spans of a type says nothing about recall on it).
/// </summary>
public readonly record struct Score(int Found, int Gold, int Correct, int Predicted)
{
    public double? Recall => Gold == 0 ? null : (double)Found / Gold;

    public double? Precision => Predicted == 0 ? null : (double)Correct / Predicted;

    /// <summary>The harmonic mean of recall and precision; null when either is, 0 when both are 0.</summary>
    public double? F1 => (Recall, Precision) switch
    {
        ({ } r, { } p) => r + p == 0 ? 0 : 2 * r * p / (r + p),
        _ => null,
    };

    public static Score operator +(Score a, Score b) =>
        new(a.Found + b.Found, a.Gold + b.Gold, a.Correct + b.Correct, a.Predicted + b.Predicted);
}
