namespace Arcanum.Cases.Simulation;

/// <summary>
/// Simulated cases as arrays: case i has <see cref="Age"/>[i], <see cref="Sex"/>[i] (0 F, 1 M),
/// <see cref="Disease"/>[i] (index into the knowledge base) and the one-hot columns
/// <see cref="Columns"/>[<see cref="Offsets"/>[i] .. <see cref="Offsets"/>[i + 1]] set, in increasing order.
/// </summary>
public sealed class CaseBatch(int[] age, byte[] sex, int[] disease, int[] offsets, int[] columns)
{
    public int Count => Age.Length;

    public int[] Age { get; } = age;

    public byte[] Sex { get; } = sex;

    public int[] Disease { get; } = disease;

    public int[] Offsets { get; } = offsets;

    public int[] Columns { get; } = columns;

    public ReadOnlySpan<int> ColumnsOf(int i) => Columns.AsSpan(Offsets[i], Offsets[i + 1] - Offsets[i]);

    /// <summary>Simulated, but still shaped like patient data: counts only.</summary>
    public override string ToString() => $"CaseBatch({Count} cases)";
}
