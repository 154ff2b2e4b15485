namespace Arcanum.Cases.DdxPlus;

/// <summary>
/// One DDXPlus patient: age, sex, pathology and evidences (<c>E_91</c>, <c>E_56_@_3</c>). DDXPlus's patients are
/// themselves simulated by its authors, yet they are patient-shaped records: <see cref="ToString"/> says nothing.
/// </summary>
public sealed record DdxPlusPatient(int Row, int Age, string Sex, string Pathology, IReadOnlyList<string> Evidences)
{
    public override string ToString() => $"DdxPlusPatient(row {Row})";
}
