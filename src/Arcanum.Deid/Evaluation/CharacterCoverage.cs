namespace Arcanum.Deid.Evaluation;

/// <summary>
/// Of <see cref="Total"/> gold PHI characters, <see cref="Covered"/> lie inside some predicted span (any type).
/// A span-level match can hide a partial leak ("Dr. [NAME] Smith" still shows the surname); this cannot.
/// </summary>
public readonly record struct CharacterCoverage(long Covered, long Total)
{
    public double? Recall => Total == 0 ? null : (double)Covered / Total;

    public static CharacterCoverage operator +(CharacterCoverage a, CharacterCoverage b) =>
        new(a.Covered + b.Covered, a.Total + b.Total);
}
