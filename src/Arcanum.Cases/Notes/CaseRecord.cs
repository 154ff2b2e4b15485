namespace Arcanum.Cases.Notes;

/// <summary>
/// One simulated case as <c>cases simulate</c> writes it: the CSV <paramref name="Row"/> (1 is the first case), its
/// <paramref name="Id"/> (the <c>case</c> column), age, sex ("F" or "M"), disease and evidences in DDXPlus's form
/// (<c>fever</c>, <c>where_@_head</c>). Simulated, but shaped like patient data: <see cref="ToString"/> says nothing.
/// </summary>
public sealed record CaseRecord(
    int Row, string Id, int Age, string Sex, string Disease, IReadOnlyList<string> Evidences)
{
    public bool Female => Sex == "F";

    public override string ToString() => $"CaseRecord(row {Row})";
}
